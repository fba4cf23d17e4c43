import type { IHookFunctions, JsonObject, WorkflowActivateMode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { keepDeliveriesInSaves } from '../memory/deliveryLedger';
import { forgetNode } from '../memory/nodeMemory';
import { isTestListen } from './ownWebhookUrl';
import { platformFailureOf } from '../transport/platformRequest';
import { isUnavailability } from '../transport/retryPolicy';

type HookMethod = (this: IHookFunctions) => Promise<boolean>;

export interface WebhookLifecycle {
	checkExists: HookMethod;
	create: HookMethod;
	delete: HookMethod;
}

/** Activations at which the registrations the node recorded were working when n8n stopped. */
const RESTARTS: WorkflowActivateMode[] = ['init', 'leadershipChange'];

/**
 * How long after an activation failed on the platform's unavailability n8n's clean-up (`clearWebhooks`, which
 * calls every webhook node's delete at once) is taken for that clean-up rather than a deactivation.
 */
const CLEAN_UP_WINDOW_MS = 60_000;

/**
 * Per workflow and kind of URL (production or test), in this process: when an activation last failed so, and the
 * nodes whose delete n8n's clean-up has run since (it runs each once; a later delete is a deactivation).
 */
const failedActivations = new Map<string, { at: number; spared: Set<string> }>();

function noteFailedActivation(context: IHookFunctions): void {
	failedActivations.set(activationKey(context), { at: Date.now(), spared: new Set() });
}

/** Whether this delete is n8n's clean-up after an activation failed on the platform's unavailability. */
function isCleanUpAfterOutage(context: IHookFunctions): boolean {
	const failed = failedActivations.get(activationKey(context));
	const node = context.getNode().id ?? context.getNode().name;
	if (failed === undefined || Date.now() - failed.at >= CLEAN_UP_WINDOW_MS || failed.spared.has(node)) return false;
	failed.spared.add(node);
	return true;
}

function isOutage(error: unknown): boolean {
	const failure = platformFailureOf(error);
	return failure !== undefined && isUnavailability(failure);
}

/** The workflow and the n8n endpoint (production or test) a hook runs for: a test listen's failure never spares production. */
function activationKey(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default') ?? '';
	const { webhookId } = context.getNode();
	const path = url.split(/[?#]/)[0];
	const endpoint = webhookId && path.includes(`/${webhookId}/`) ? path.slice(0, path.lastIndexOf(`/${webhookId}/`)) : path;
	return `${context.getWorkflow().id}:${endpoint}`;
}

/** The error as n8n shows it: a node's own error unchanged, anything else wrapped once. */
function nodeError(context: IHookFunctions, error: unknown): NodeApiError | NodeOperationError {
	return error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeApiError(context.getNode(), error as JsonObject);
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** A checkExists that failed: true at an n8n start for a node that recorded its registrations, if the platform was unavailable. */
function keptAfterFailedCheck(context: IHookFunctions, error: unknown, recorded: (context: IHookFunctions) => boolean): boolean {
	if (!isOutage(error)) throw nodeError(context, error);
	if (!isTestListen(context) && RESTARTS.includes(context.getActivationMode()) && recorded(context)) {
		context.logger.warn(
			`${context.getNode().name}: could not check its registrations at the platform (${describe(error)}); it keeps those it recorded and checks them again at the next n8n start`,
		);
		return true;
	}
	noteFailedActivation(context);
	throw nodeError(context, error);
}

/**
 * The node's webhook methods, made safe against a platform that is unavailable while n8n activates (after the
 * registration calls' own retries): n8n answers a failed checkExists or create by calling the delete of every
 * webhook node of the workflow (`ActiveWorkflowManager.addWebhooks` → `clearWebhooks`), which would remove
 * registrations that work. So:
 * - at an n8n start, a node that recorded its registrations keeps them when the platform cannot be asked: the
 *   workflow starts, deliveries keep arriving, and the next start checks again;
 * - otherwise the activation fails as before, and the deletes n8n runs in its clean-up right after remove
 *   nothing (n8n retries the activation at a start; a user sees the error and activates again).
 */
export function guardedLifecycle(lifecycle: WebhookLifecycle, recorded: (context: IHookFunctions) => boolean): WebhookLifecycle {
	return {
		async checkExists(this: IHookFunctions) {
			if (!isTestListen(this)) keepDeliveriesInSaves(this);
			try {
				return await lifecycle.checkExists.call(this);
			} catch (error) {
				return keptAfterFailedCheck(this, error, recorded);
			}
		},
		async create(this: IHookFunctions) {
			try {
				return await lifecycle.create.call(this);
			} catch (error) {
				if (isOutage(error)) noteFailedActivation(this);
				throw nodeError(this, error);
			}
		},
		async delete(this: IHookFunctions) {
			if (isCleanUpAfterOutage(this)) {
				this.logger.warn(
					`${this.getNode().name}: kept its registrations at the platform, as n8n removes them only because the activation failed while the platform was unavailable`,
				);
				return true;
			}
			const deleted = await lifecycle.delete.call(this);
			forgetNode(this);
			return deleted;
		},
	};
}
