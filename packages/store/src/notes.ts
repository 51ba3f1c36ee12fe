import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, NoteKind, NoteRow } from "./schema.js";

/** A user's note or claim about a subject. */
export interface Note {
  readonly id: string;
  readonly kind: NoteKind;
  readonly subject: string;
  readonly body: string;
  readonly source: string | null;
  readonly verdict: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CreateNote {
  readonly kind: NoteKind;
  readonly subject: string;
  readonly body: string;
  readonly source?: string | undefined;
  readonly verdict?: string | undefined;
}

export interface UpdateNote {
  readonly body?: string | undefined;
  readonly source?: string | null | undefined;
  readonly verdict?: string | null | undefined;
}

const note = (row: NoteRow): Note => ({
  id: row.id,
  kind: row.kind,
  subject: row.subject,
  body: row.body,
  source: row.source,
  verdict: row.verdict,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Notes and claims users attach to chips, models, scenarios and runs. */
export class Notes {
  readonly #db: Kysely<Database>;
  readonly #now: () => Date;

  constructor(db: Kysely<Database>, now: () => Date) {
    this.#db = db;
    this.#now = now;
  }

  async create(input: CreateNote): Promise<Note> {
    const at = this.#now().toISOString();
    const row: NoteRow = {
      id: randomUUID(),
      kind: input.kind,
      subject: input.subject,
      body: input.body,
      source: input.source ?? null,
      verdict: input.verdict ?? null,
      created_at: at,
      updated_at: at,
    };
    await this.#db.insertInto("notes").values(row).execute();
    return note(row);
  }

  async get(id: string): Promise<Note | undefined> {
    const row = await this.#db.selectFrom("notes").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? undefined : note(row);
  }

  /** Notes, oldest first, optionally of one subject and kind. */
  async list(
    filter: { subject?: string | undefined; kind?: NoteKind | undefined; limit?: number | undefined } = {},
  ): Promise<Note[]> {
    let query = this.#db.selectFrom("notes").selectAll();
    if (filter.subject !== undefined) query = query.where("subject", "=", filter.subject);
    if (filter.kind !== undefined) query = query.where("kind", "=", filter.kind);
    const rows = await query
      .orderBy("created_at")
      .orderBy("id")
      .limit(filter.limit ?? 500)
      .execute();
    return rows.map(note);
  }

  /** Changes the given fields; undefined when the note does not exist. */
  async update(id: string, input: UpdateNote): Promise<Note | undefined> {
    const set: Partial<Pick<NoteRow, "body" | "source" | "verdict" | "updated_at">> = {
      updated_at: this.#now().toISOString(),
    };
    if (input.body !== undefined) set.body = input.body;
    if (input.source !== undefined) set.source = input.source;
    if (input.verdict !== undefined) set.verdict = input.verdict;
    const result = await this.#db.updateTable("notes").set(set).where("id", "=", id).executeTakeFirst();
    return result.numUpdatedRows === 1n ? this.get(id) : undefined;
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.#db.deleteFrom("notes").where("id", "=", id).executeTakeFirst();
    return result.numDeletedRows === 1n;
  }
}
