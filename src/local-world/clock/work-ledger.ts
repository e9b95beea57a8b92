interface Unit {
  readonly label: string;
  readonly parent: string | undefined;
  readonly children: Set<string>;
  parties: number;
  parked: number;
  runnable: boolean;
}

/**
 * The virtual clock's account of work in flight. World time may pass only when no unit is
 * runnable. A unit is runnable while a party holds it, none of them sleeps on the clock
 * through it, and it is not just waiting on work of its own that is itself waiting: a handler
 * that awaits a smoke test against a slow app server lets time pass while the server sleeps.
 * A unit's children are the units begun while it ran (found by AsyncLocalStorage).
 */
export class WorkLedger {
  private readonly units = new Map<string, Unit>();
  private runnableCount = 0;
  private nextId = 1;
  /** Bumped on every change, so the clock can tell "still quiet" from "quiet again". */
  generation = 0;

  constructor(
    private readonly onRunnableZero: () => void,
    /** Told when the first unit becomes runnable after a quiet spell. */
    private readonly onRunnableFromZero: () => void = () => {},
  ) {}

  get runnable(): number {
    return this.runnableCount;
  }

  /** Starts a unit with one party, as a child of `parent` when that unit is still open; returns its id. */
  begin(label: string, parent?: string): string {
    const id = `w${this.nextId++}`;
    const parentUnit = parent === undefined ? undefined : this.units.get(parent);
    this.units.set(id, {
      label,
      parent: parentUnit ? parent : undefined,
      children: new Set(),
      parties: 1,
      parked: 0,
      runnable: true,
    });
    this.increment();
    this.generation += 1;
    if (parentUnit && parent !== undefined) {
      parentUnit.children.add(id);
      this.refresh(parent);
    }
    return id;
  }

  /** Adds a party to a unit still open; false when there is no such unit. */
  join(id: string): boolean {
    const unit = this.units.get(id);
    if (unit === undefined) return false;
    unit.parties += 1;
    this.generation += 1;
    return true;
  }

  /** One party leaves; the unit closes with its last party. */
  leave(id: string): void {
    const unit = this.units.get(id);
    if (unit === undefined) return;
    unit.parties -= 1;
    this.generation += 1;
    if (unit.parties > 0) return;
    this.units.delete(id);
    if (unit.runnable) this.decrement();
    if (unit.parent !== undefined) {
      this.units.get(unit.parent)?.children.delete(id);
      this.refresh(unit.parent);
    }
  }

  park(id: string): void {
    const unit = this.units.get(id);
    if (unit === undefined) return;
    unit.parked += 1;
    this.generation += 1;
    this.refresh(id);
  }

  unpark(id: string): void {
    const unit = this.units.get(id);
    if (unit === undefined) return;
    unit.parked -= 1;
    this.generation += 1;
    this.refresh(id);
  }

  /** Labels of the runnable units, for the "world is stuck" diagnostic. */
  runnableLabels(limit = 10): string[] {
    const labels: string[] = [];
    for (const unit of this.units.values()) {
      if (unit.runnable && unit.children.size === 0) labels.push(unit.label);
      if (labels.length >= limit) break;
    }
    return labels;
  }

  private refresh(id: string | undefined): void {
    for (let current = id; current !== undefined; ) {
      const unit = this.units.get(current);
      if (unit === undefined) return;
      const runnable =
        unit.parties > 0 &&
        unit.parked === 0 &&
        (unit.children.size === 0 || [...unit.children].some((child) => this.units.get(child)?.runnable));
      if (runnable === unit.runnable) return;
      unit.runnable = runnable;
      if (runnable) this.increment();
      else this.decrement();
      current = unit.parent;
    }
  }

  private increment(): void {
    if (this.runnableCount === 0) this.onRunnableFromZero();
    this.runnableCount += 1;
  }

  private decrement(): void {
    this.runnableCount -= 1;
    if (this.runnableCount === 0) this.onRunnableZero();
  }
}
