/**
 * DocSpace's Global.ReplaceInvalidCharsAndTruncate for names the node lets through (at most 170
 * characters, no slashes): the characters it replaces, each UTF-16 unit of an emoji included.
 */
export function storedTitle(name: string): string {
	return name.trim().replace(/[\t*+:"<>?|]|[\u{10000}-\u{10FFFF}]|[\uD800-\uDFFF]/gu, (match) => '_'.repeat(match.length));
}
