// The API's base URL. Written by `node build-config.mjs` from DECKHAND_API_URL at deploy time
// (Vercel's build command); this checked-in value serves `make run` on this machine.
export const API_BASE_URL = "http://127.0.0.1:8000";
