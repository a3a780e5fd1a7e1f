import { InputError } from '../input-error';

/**
 * The binary fields "Input Binary Field" names for an item: a comma-separated list of names and
 * patterns, where `*` stands for any text (`attachment_*`, or `*` for every field). Names come in the
 * order the list gives them, a pattern's matches in the item's own field order; each field once.
 * A plain name the item does not have is left for the reader to refuse by name.
 */
export function selectBinaryFields(setting: string, itemFields: string[]): string[] {
	const entries = setting.split(',').map((entry) => entry.trim()).filter(Boolean);
	const selected: string[] = [];
	for (const entry of entries) {
		const matches = entry.includes('*') ? itemFields.filter((field) => pattern(entry).test(field)) : [entry];
		for (const field of matches) if (!selected.includes(field)) selected.push(field);
	}
	if (selected.length === 0) {
		throw new InputError(
			itemFields.length === 0
				? `"${setting}" names no binary field, and the item has no binary data`
				: `No binary field of the item matches "${setting}"`,
			itemFields.length === 0
				? 'DocSpace Upload sends files from the binary data of each item. This item only has JSON.'
				: `Its binary fields are: ${itemFields.join(', ')}. Set "Input Binary Field" to names or patterns like attachment_* that match them.`,
		);
	}
	return selected;
}

function pattern(entry: string): RegExp {
	return new RegExp(`^${entry.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
