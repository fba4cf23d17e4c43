export { readHeader } from './headers';
export { basicCredentialsMatch, secretsMatch } from './secrets';
export { readJsonBody, validatePayload } from './body';
export type { BodyResult, WebhookRequestBody } from './body';
export { acknowledge, rejectBadRequest, rejectUnauthorized } from './responses';
export { deliveryItem } from './items';
export { DeliveryLedger } from './deliveryLedger';
export { requestPlatform } from './platformRequest';
export type { PlatformRequest } from './platformRequest';
