/** Kinguin as the Kinguin Trigger and its credential both know it. Kinguin has no API the trigger calls. */
export const KINGUIN = {
	credential: 'kinguinWebhookApi',
} as const;

export interface KinguinWebhookCredential {
	secret?: string;
}
