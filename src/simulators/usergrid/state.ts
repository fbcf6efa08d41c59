import { UUID_SHAPE } from "../kit/uuid-shape";
import type { UsergridGroup, UsergridSeed, UsergridUser } from "./seed";

export function isUuid(value: string): boolean {
  return UUID_SHAPE.test(value);
}

/**
 * Users and groups of the one application. Usergrid stores unique values (username, email, group
 * path) lowercased and accepts UUIDs in any case (docs/usergrid.md §1, docs/usergrid.md §6), so every lookup here is
 * case-insensitive.
 */
export class UsergridState {
  private users = new Map<string, UsergridUser>();
  private groups = new Map<string, { group: UsergridGroup; members: Set<string> }>();

  constructor(private readonly seed: UsergridSeed) {
    this.reseed();
  }

  reseed(): void {
    this.users = new Map(this.seed.users.map((user) => [user.uuid.toLowerCase(), user]));
    this.groups = new Map(
      this.seed.groups.map((group) => [group.uuid.toLowerCase(), { group, members: new Set(group.memberUuids.map((uuid) => uuid.toLowerCase())) }]),
    );
  }

  allUsers(): UsergridUser[] {
    return [...this.users.values()];
  }

  userByUuid(uuid: string): UsergridUser | undefined {
    return this.users.get(uuid.toLowerCase());
  }

  userByUsername(username: string): UsergridUser | undefined {
    return this.allUsers().find((user) => user.username.toLowerCase() === username.toLowerCase());
  }

  usersByEmail(email: string): UsergridUser[] {
    return this.allUsers().filter((user) => user.email.toLowerCase() === email.toLowerCase());
  }

  allGroups(): UsergridGroup[] {
    return [...this.groups.values()].map(({ group }) => group);
  }

  groupByUuid(uuid: string): UsergridGroup | undefined {
    return this.groups.get(uuid.toLowerCase())?.group;
  }

  groupByPath(path: string): UsergridGroup | undefined {
    return [...this.groups.values()].find(({ group }) => group.path.toLowerCase() === path.toLowerCase())?.group;
  }

  /** By path or UUID, as the REST layer accepts either. */
  group(pathOrUuid: string): UsergridGroup | undefined {
    return (isUuid(pathOrUuid) ? this.groupByUuid(pathOrUuid) : undefined) ?? this.groupByPath(pathOrUuid);
  }

  members(groupUuid: string): UsergridUser[] {
    return [...(this.groups.get(groupUuid.toLowerCase())?.members ?? [])].flatMap((uuid) => this.userByUuid(uuid) ?? []);
  }

  isMember(groupUuid: string, userUuid: string): boolean {
    return this.groups.get(groupUuid.toLowerCase())?.members.has(userUuid.toLowerCase()) ?? false;
  }

  addMember(groupUuid: string, userUuid: string): void {
    this.groups.get(groupUuid.toLowerCase())?.members.add(userUuid.toLowerCase());
  }

  /** An absent edge is a silent no-op, as in CpRelationManager.removeItemFromCollection (docs/usergrid.md §1). */
  removeMember(groupUuid: string, userUuid: string): void {
    this.groups.get(groupUuid.toLowerCase())?.members.delete(userUuid.toLowerCase());
  }
}
