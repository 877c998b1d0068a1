/** The engine in a Web Worker: the pane stays responsive while a big review computes. */
import { ComputeRequest, computeReview } from "./engineClient";

const ctx = self as unknown as { onmessage: ((e: MessageEvent<ComputeRequest>) => void) | null; postMessage(m: unknown): void };
ctx.onmessage = (e) => ctx.postMessage(computeReview(e.data));
