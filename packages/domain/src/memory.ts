/** Autopilot keeps at least this much memory free (MiB) unless `MAESTRO_MIN_FREE_MEMORY_MB` says otherwise. */
export const DEFAULT_MIN_FREE_MEMORY_MB = 1024;

/** A profile's footprint is learned from the peak memory of its last this many measured sessions. */
export const LEARNED_FOOTPRINT_SESSIONS = 10;

/** What one session of a profile is expected to use: set on the profile, or learned from its sessions. */
export interface MemoryFootprint {
  mb: number;
  source: "set" | "learned";
}

/** The profile's own `memoryMb` wins; else the highest recent peak (one bad run should not be forgotten at once). */
export function expectedFootprint(memoryMb: number | null, recentPeakMb: number | null): MemoryFootprint | null {
  if (memoryMb !== null) return { mb: memoryMb, source: "set" };
  return recentPeakMb !== null ? { mb: recentPeakMb, source: "learned" } : null;
}

/** MiB as a person reads them: "800 MiB", "1.4 GiB". */
export function formatMemoryMb(mb: number): string {
  if (mb < 1024) return `${Math.round(mb)} MiB`;
  const gib = mb / 1024;
  return `${gib < 10 ? gib.toFixed(1) : Math.round(gib)} GiB`;
}

/** "set: 2 GiB", "learned: 1.4 GiB", or "unknown": how the CLI and dashboard show a profile's footprint. */
export function describeFootprint(footprint: MemoryFootprint | null): string {
  return footprint ? `${footprint.source}: ${formatMemoryMb(footprint.mb)}` : "unknown";
}

/** Autopilot's memory picture: the runners' reading, the floor it keeps free, what starting agents will take. */
export interface AdmissionMemory {
  availableMb: number;
  floorMb: number;
  pendingMb: number;
}

/** "3.9 GiB available, 1.0 GiB kept free, 800 MiB for agents starting", or that there is no reading. */
export function describeAdmissionMemory(memory: AdmissionMemory | null): string {
  if (!memory) return "no reading yet (no runner has reported it): not checked";
  const pending = memory.pendingMb > 0 ? `, ${formatMemoryMb(memory.pendingMb)} for agents starting` : "";
  return `${formatMemoryMb(memory.availableMb)} available, ${formatMemoryMb(memory.floorMb)} kept free${pending}`;
}
