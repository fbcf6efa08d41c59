import { randomUUID } from "node:crypto";
import type { BlueshiftCustomer, BlueshiftSeed } from "./seed";

export interface BlueshiftGroupSnapshot {
  readonly groupId: string;
  readonly uuid: string;
  readonly memberUuids: readonly string[];
}

/**
 * Groups by group_id holding member UUIDs, and customers by UUID (docs/blueshift.md §12.3). UUIDs are
 * compared lowercased: Blueshift's examples are all lowercase and case sensitivity is unknown (docs/blueshift.md §7).
 */
export class BlueshiftState {
  private customers = new Map<string, BlueshiftCustomer>();
  private groups = new Map<string, { uuid: string; members: Set<string> }>();

  constructor(private readonly seed: BlueshiftSeed) {
    this.reseed();
  }

  reseed(): void {
    this.customers = new Map(this.seed.customers.map((customer) => [customer.uuid.toLowerCase(), customer]));
    this.groups = new Map(
      this.seed.groups.map((group) => [group.groupId, { uuid: group.uuid, members: new Set(group.memberUuids.map((uuid) => uuid.toLowerCase())) }]),
    );
  }

  customer(uuid: string): BlueshiftCustomer | undefined {
    return this.customers.get(uuid.toLowerCase());
  }

  allCustomers(): BlueshiftCustomer[] {
    return [...this.customers.values()];
  }

  customersByEmail(email: string): BlueshiftCustomer[] {
    const wanted = email.toLowerCase();
    return [...this.customers.values()].filter((customer) => customer.email.toLowerCase() === wanted);
  }

  group(groupId: string): BlueshiftGroupSnapshot | undefined {
    const group = this.groups.get(groupId);
    return group && { groupId, uuid: group.uuid, memberUuids: [...group.members] };
  }

  isMember(groupId: string, uuid: string): boolean {
    return this.groups.get(groupId)?.members.has(uuid.toLowerCase()) ?? false;
  }

  /** Creates the group when it does not exist; the customer must (Blueshift has no add-member API, docs/blueshift.md §1.1). */
  addMember(groupId: string, uuid: string): void {
    if (!this.customer(uuid)) throw new Error(`Blueshift simulator has no customer ${uuid}`);
    const group = this.groups.get(groupId) ?? { uuid: randomUUID(), members: new Set<string>() };
    group.members.add(uuid.toLowerCase());
    this.groups.set(groupId, group);
  }

  removeMember(groupId: string, uuid: string): void {
    this.groups.get(groupId)?.members.delete(uuid.toLowerCase());
  }

  /** The group goes; its customers too when deleteUsers (docs/blueshift.md §1.3). */
  deleteGroup(groupId: string, deleteUsers: boolean): void {
    const group = this.groups.get(groupId);
    this.groups.delete(groupId);
    if (!deleteUsers || !group) return;
    for (const uuid of group.members) {
      this.customers.delete(uuid);
      for (const other of this.groups.values()) other.members.delete(uuid);
    }
  }
}
