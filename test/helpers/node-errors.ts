import type { IDataObject } from 'n8n-workflow';

export interface ExpectedError {
	message: string | RegExp;
	description?: RegExp;
	httpCode?: string;
	/** Whether the error is about input (NodeOperationError) rather than the portal's answer (NodeApiError). */
	operation?: boolean;
	itemIndex?: number;
}

/** Checks an execution's error the way n8n shows it: message, description, class and item. */
export function expectNodeError(error: unknown, expected: ExpectedError): void {
	const actual = error as IDataObject | undefined;
	expect(actual).toBeDefined();
	if (typeof expected.message === 'string') expect(actual!.message).toBe(expected.message);
	else expect(actual!.message).toMatch(expected.message);
	if (expected.description) expect(actual!.description).toMatch(expected.description);
	if (expected.httpCode) expect(actual!.httpCode).toBe(expected.httpCode);
	expect(actual!.name).toBe(expected.operation ? 'NodeOperationError' : 'NodeApiError');
	expect((actual!.context as IDataObject).itemIndex).toBe(expected.itemIndex ?? 0);
}
