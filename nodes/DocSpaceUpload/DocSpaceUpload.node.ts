import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './transport/credential-data';
import { uploadProperties } from './description';
import { searchFolders } from './methods/list-search';
import { itemConcurrency } from './parameters';
import { errorItem, UploadRun } from './upload-run';

export class DocSpaceUpload implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DocSpace Upload',
		name: 'docSpaceUpload',
		icon: { light: 'file:docspace.svg', dark: 'file:docspace.dark.svg' },
		group: ['output'],
		version: [1, 2],
		defaultVersion: 2,
		// n8n hands a resource locator's value to expressions: a folder id, or the link a user pasted.
		subtitle: '={{"to folder " + ((String($parameter["folder"]).match(/[?&]folder=(\\d+)/i) || [])[1] || $parameter["folder"])}}',
		description: 'Upload files of any size into ONLYOFFICE DocSpace rooms and folders',
		defaults: { name: 'DocSpace Upload' },
		// Not offered to AI agents: an upload needs a file from the workflow's binary data, which a tool call cannot carry.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: uploadProperties,
	};

	methods = { listSearch: { searchFolders } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const run = new UploadRun(this);
		// Stryker disable next-line ArrayDeclaration: equivalent, the length only sizes the array before each item's index is set
		const results: INodeExecutionData[][] = new Array(items.length);
		const failures: Array<{ itemIndex: number; error: Error }> = [];
		let next = 0;

		const worker = async () => {
			while (next < items.length && failures.length === 0) {
				const itemIndex = next++;
				try {
					results[itemIndex] = await run.uploadItem(itemIndex);
				} catch (error) {
					if (!this.continueOnFail()) {
						failures.push({ itemIndex, error: error as Error });
						return;
					}
					results[itemIndex] = [errorItem(itemIndex, error as Error)];
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(itemConcurrency(this), items.length) }, worker));
		if (failures.length > 0) throw failures.sort((a, b) => a.itemIndex - b.itemIndex)[0].error;
		return [results.flat()];
	}
}
