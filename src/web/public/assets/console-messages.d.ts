// Types of console-messages.js for the unit tests (TypeScript does not read the browser's plain JS).
export function plainMessage(message: string): string;
