/// <reference types="vite/client" />
/** The API's origin, fixed at build time (empty: this app's own origin). */
declare const __API_BASE_URL__: string;
