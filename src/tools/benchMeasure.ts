/** What each of the benchmark's measuring processes reports, and how it reads its own memory. */

export interface Measure {
  mode: string;
  rows: number;
  ms: Record<string, number>;
  peakRssMb: number;
  heapMb: number;
  /** Checks against the yardsticks: our value and the category value at R in P, Σ stores selling of our SKUs. */
  ourValue?: number;
  categoryValue?: number;
  storesSelling?: number;
  extra?: Record<string, string | number>;
}

/** The process's peak resident memory so far (the kernel's own high-water mark, not a sample). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function heapMb(): number {
  return process.memoryUsage().heapUsed / 1024 ** 2;
}
