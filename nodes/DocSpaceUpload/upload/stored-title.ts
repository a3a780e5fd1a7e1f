/**
 * DocSpace's Global.ReplaceInvalidCharsAndTruncate for names the node lets through (at most 170
 * characters, no slashes): the characters it replaces, each UTF-16 unit of an emoji included.
 */
export function storedTitle(name: string): string {
	return name.trim().replace(/[\t*+:"<>?|]|[\u{10000}-\u{10FFFF}]|[\uD800-\uDFFF]/gu, (match) => '_'.repeat(match.length));
}

/**
 * Whether DocSpace takes two titles for the same: its title columns are utf8_general_ci, blind to case and
 * accents (DbFile.cs and DbFolder.cs, products/ASC.Files/Core/Core/EF, v3.7.1-server).
 */
export function sameTitle(a: string, b: string): boolean {
	return a.localeCompare(b, 'en', { sensitivity: 'base' }) === 0;
}
