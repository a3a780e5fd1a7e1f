import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService, ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { join } from 'node:path';

import { DocSpaceApi } from '../../credentials/DocSpaceApi.credentials';
import { DocSpaceUpload } from '../../nodes/DocSpaceUpload/DocSpaceUpload.node';
import { TestCredentialsHelper } from './credentials-helper';
import { TestFiles, type FileSpec } from './test-files-node';

export type BinaryMode = 'inline' | 'filesystem';

const UPLOAD_NODE = 'DocSpace Upload';
const FILES_NODE = 'Test Files';

const LATEST_VERSION = 2;

const nodeTypes: Record<string, INodeType> = {
	'n8n-nodes-docspace-upload.docSpaceUpload': new DocSpaceUpload(),
	'test.testFiles': new TestFiles(),
};

const nodeTypeRegistry: INodeTypes = {
	getByName: (type) => nodeTypes[type],
	getByNameAndVersion: (type) => nodeTypes[type],
	getKnownTypes: () => ({}),
};

export interface UploadRunSpec {
	credentials: ICredentialDataDecryptedObject;
	/** The DocSpace Upload node's parameters. */
	parameters: INodeParameters;
	files: FileSpec[];
	binaryMode?: BinaryMode;
	continueOnFail?: boolean;
	/** The DocSpace Upload node's version, as a saved workflow records it; the latest by default. */
	typeVersion?: number;
	/** Cancels the execution this many milliseconds after it started. */
	cancelAfterMs?: number;
	/** Reuse a credentials store across runs (e.g. to keep a session token). */
	credentialsHelper?: TestCredentialsHelper;
	/** Called with the run's lifecycle hooks, to observe node starts and ends. */
	observe?: (hooks: ExecutionLifecycleHooks) => void;
}

export interface UploadRunResult {
	run: IRun;
	/** The DocSpace Upload node's output items. */
	output: INodeExecutionData[];
	/** The execution's error, when the node failed it. */
	error?: IRun['data']['resultData']['error'];
	credentialsHelper: TestCredentialsHelper;
	/** The input items the node received (with their binary data). */
	input: INodeExecutionData[];
}

/** Points n8n-core's binary data service at a mode: 'filesystem' (n8n 2.x default) or inline base64. */
async function useBinaryMode(mode: BinaryMode): Promise<void> {
	const config = Container.get(BinaryDataConfig);
	config.mode = mode === 'filesystem' ? 'filesystem' : 'default';
	config.localStoragePath = join(process.env.N8N_USER_FOLDER!, 'binaryData');
	await Container.get(BinaryDataService).init();
}

export interface LogLine {
	level: 'debug' | 'info' | 'warn' | 'error';
	message: string;
	metadata?: unknown;
}

/** Everything n8n's logger received during the runs of this test file. */
export const logLines: LogLine[] = [];

function captureLogs(): void {
	const capture = (level: LogLine['level']) => (message: string, metadata?: unknown) => logLines.push({ level, message, metadata });
	const logger = { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') };
	Container.set(Logger, { ...logger, scoped: () => logger } as unknown as Logger);
}

let executionCounter = 0;

/**
 * Runs Test Files → DocSpace Upload inside n8n's real execution engine (WorkflowExecute), with
 * n8n-core's binary data service and request helpers, and returns what n8n recorded.
 */
export async function runUpload(spec: UploadRunSpec): Promise<UploadRunResult> {
	captureLogs();
	await useBinaryMode(spec.binaryMode ?? 'filesystem');
	const executionId = String(++executionCounter);
	const credentialsHelper = spec.credentialsHelper ?? new TestCredentialsHelper([new DocSpaceApi()]);
	if (!spec.credentialsHelper) credentialsHelper.set('docSpaceApi', spec.credentials);

	const nodes: INode[] = [
		{
			id: 'files',
			name: FILES_NODE,
			type: 'test.testFiles',
			typeVersion: 1,
			position: [0, 0],
			parameters: { files: JSON.stringify(spec.files) },
		},
		{
			id: 'upload',
			name: UPLOAD_NODE,
			type: 'n8n-nodes-docspace-upload.docSpaceUpload',
			typeVersion: spec.typeVersion ?? LATEST_VERSION,
			position: [200, 0],
			parameters: spec.parameters,
			credentials: { docSpaceApi: { id: 'cred-1', name: 'DocSpace account' } },
			continueOnFail: spec.continueOnFail,
			onError: spec.continueOnFail ? 'continueRegularOutput' : undefined,
		},
	];
	const connections = { [FILES_NODE]: { main: [[{ node: UPLOAD_NODE, type: 'main' as const, index: 0 }]] } };
	const workflowData: IWorkflowBase = {
		id: 'wf-docspace-test',
		name: 'DocSpace Upload test',
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections,
		active: false,
		nodeTypes: nodeTypeRegistry,
		settings: { executionOrder: 'v1' },
	});

	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	spec.observe?.(hooks);
	const finished = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));

	const additionalData = executionData(credentialsHelper, executionId, hooks);

	const runExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node: workflow.getNode(FILES_NODE)!, data: { main: [[{ json: {} }]] }, source: null }],
		},
	} as unknown as IRunExecutionData;

	const execution = new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	if (spec.cancelAfterMs !== undefined) setTimeout(() => execution.cancel(), spec.cancelAfterMs);
	const run = await execution.catch(async () => await finished);
	const runData = run.data.resultData.runData;
	return {
		run,
		output: runData[UPLOAD_NODE]?.[0]?.data?.main?.[0] ?? [],
		input: runData[FILES_NODE]?.[0]?.data?.main?.[0] ?? [],
		error: run.data.resultData.error,
		credentialsHelper,
	};
}

/** What n8n's engine needs around a run: the credentials store, the lifecycle hooks and its URLs. */
function executionData(
	credentialsHelper: TestCredentialsHelper,
	executionId: string,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	const url = 'http://localhost:5678';
	return {
		hooks,
		credentialsHelper,
		executionId,
		variables: {},
		currentNodeExecutionIndex: 0,
		restApiUrl: `${url}/rest`,
		instanceBaseUrl: `${url}/`,
		formBaseUrl: `${url}/form`,
		formWaitingBaseUrl: `${url}/form-waiting`,
		formTestBaseUrl: `${url}/form-test`,
		webhookBaseUrl: `${url}/webhook`,
		webhookWaitingBaseUrl: `${url}/webhook-waiting`,
		webhookTestBaseUrl: `${url}/webhook-test`,
		mcpBaseUrl: `${url}/mcp`,
		mcpTestBaseUrl: `${url}/mcp-test`,
		logAiEvent: () => undefined,
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		executeWorkflow: async () => {
			throw new Error('not supported in tests');
		},
		startRunnerTask: async () => {
			throw new Error('not supported in tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * The context n8n gives a node while the editor loads a parameter's options (a LoadOptionsContext,
 * with its real request helpers), for the DocSpace Upload node with the given credentials.
 */
export function loadOptionsContext(credentials: ICredentialDataDecryptedObject): LoadOptionsContext {
	captureLogs();
	const credentialsHelper = new TestCredentialsHelper([new DocSpaceApi()]);
	credentialsHelper.set('docSpaceApi', credentials);
	const node: INode = {
		id: 'upload',
		name: UPLOAD_NODE,
		type: 'n8n-nodes-docspace-upload.docSpaceUpload',
		typeVersion: 1,
		position: [0, 0],
		parameters: uploadParameters(0),
		credentials: { docSpaceApi: { id: 'cred-1', name: 'DocSpace account' } },
	};
	const workflow = new Workflow({ id: 'wf-picker', nodes: [node], connections: {}, active: false, nodeTypes: nodeTypeRegistry });
	return new LoadOptionsContext(workflow, node, executionData(credentialsHelper, 'load-options'), 'parameters.folder');
}

/** The parameters a user sets for an upload into `folderId`, plus any extra ones. */
export function uploadParameters(folderId: number | string, extra: IDataObject = {}): INodeParameters {
	const { options, ...rest } = extra;
	return {
		folder: { __rl: true, mode: 'id', value: String(folderId) },
		binaryPropertyName: 'data',
		fileName: '',
		options: (options as IDataObject) ?? {},
		...rest,
	} as INodeParameters;
}
