/** The pane's worker: sessionHandler.ts answering the pane's messages. */
import { SessionRequest, sessionHandler } from "./sessionHandler";

const ctx = self as unknown as { onmessage: ((e: MessageEvent<SessionRequest>) => void) | null; postMessage(m: unknown): void };
const handle = sessionHandler((reply) => ctx.postMessage(reply));
ctx.onmessage = (e) => void handle(e.data);
