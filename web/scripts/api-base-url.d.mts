export function checkApiBaseUrl(value: string | undefined, options?: { requireHttps?: boolean }): string;
