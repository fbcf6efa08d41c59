import { registerEnumType } from "type-graphql";

/** A bulk-removal job's life (docs/contract.md §8): QUEUED → RUNNING → COMPLETED, or CANCELED at any point before COMPLETED. */
export enum BulkRemovalStatus {
  QUEUED = "QUEUED",
  RUNNING = "RUNNING",
  COMPLETED = "COMPLETED",
  CANCELED = "CANCELED",
}

registerEnumType(BulkRemovalStatus, {
  name: "BulkRemovalStatus",
  valuesConfig: {
    QUEUED: { description: "Accepted; no ref has been sent yet (refs refused before any call may already be answered)." },
    RUNNING: { description: "Refs are being sent; the counts and results grow as they are answered." },
    COMPLETED: { description: "Every ref is answered." },
    CANCELED: { description: "Stopped before its next ref; refs answered keep their answers, the rest were never sent." },
  },
});
