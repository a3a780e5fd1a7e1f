// Types for the part of @n8n/scan-community-package 0.32.0 (scanner/scanner.mjs) that scan-community.ts calls.
declare module '@n8n/scan-community-package/scanner/scanner.mjs' {
	export interface ScanResult {
		passed: boolean;
		message?: string;
		/** ESLint's stylish report of the files with errors. */
		details?: string;
	}

	/** The files of a source checkout that n8n lints: package.json and the node and credential sources. */
	export const SOURCE_FILE_PATTERNS: string[];

	/** Lints the files matching filePatterns under packageDir with the scanner's ESLint config. */
	export function analyzePackage(packageDir: string, filePatterns?: string[]): Promise<ScanResult>;
}
