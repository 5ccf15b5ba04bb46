// Remembers when each object's current generation was first seen, so a rollout is reported
// in progress for at least one poll (and `readyAfterMs`) before it completes.
export interface RolloutSighting {
  generation: number;
  seenAtMs: number;
  pass: number;
}

export class RolloutTracker {
  private readonly sightings = new Map<string, RolloutSighting>();

  /** Returns the sighting of this generation, and whether it is new (first seen now). */
  observe(uid: string, generation: number, pass: number): { sighting: RolloutSighting; isNew: boolean } {
    const known = this.sightings.get(uid);
    if (known && known.generation === generation) return { sighting: known, isNew: false };
    const sighting = { generation, seenAtMs: Date.now(), pass };
    this.sightings.set(uid, sighting);
    return { sighting, isNew: true };
  }

  isDue(sighting: RolloutSighting, pass: number, readyAfterMs: number): boolean {
    return pass > sighting.pass && Date.now() - sighting.seenAtMs >= readyAfterMs;
  }

  forgetAllBut(uids: Set<string>): void {
    for (const uid of this.sightings.keys()) if (!uids.has(uid)) this.sightings.delete(uid);
  }
}
