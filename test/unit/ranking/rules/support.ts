import type { Rule, RuleAction, RuleConditions } from '../../../../ranking/rules/types';

/** A rule with defaults for whatever a test does not care about. */
export function rule(
  id: string,
  conditions: RuleConditions,
  options: { priority?: number; enabled?: boolean; actions?: RuleAction[] } = {},
): Rule {
  return {
    id,
    name: `rule ${id}`,
    enabled: options.enabled ?? true,
    priority: options.priority ?? 0,
    conditions,
    actions: options.actions ?? [{ type: 'data', data: { from: id } }],
  };
}
