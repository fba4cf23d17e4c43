/**
 * A failed call's reason in one line: the shared request quotes the platform's reason in the message and keeps
 * it whole in the description, so the description is added only when the message does not already hold it.
 */
export function failureReason(error: unknown): string {
	const { message, description } = error as { message?: string; description?: string };
	const beyondMessage = description && !message?.includes(description) ? description : undefined;
	return [message, beyondMessage].filter(Boolean).join(': ') || String(error);
}
