import type { Kysely } from "kysely";
import { isUniqueViolation, StoreError } from "./errors.js";
import type { Database, DocumentKind, DocumentRow, DocumentVersionRow } from "./schema.js";
import { slug } from "./slug.js";

/** A document (scenario or plan) without its content: what lists show. */
export interface DocumentSummary {
  readonly id: string;
  readonly kind: DocumentKind;
  readonly name: string;
  readonly latestVersion: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One version of a document, with its content. */
export interface DocumentVersion {
  readonly id: string;
  readonly kind: DocumentKind;
  readonly version: number;
  readonly latestVersion: number;
  readonly name: string;
  readonly body: unknown;
  readonly note: string | null;
  readonly createdAt: string;
}

/** A version in a document's history, without its content. */
export interface VersionInfo {
  readonly version: number;
  readonly name: string;
  readonly note: string | null;
  readonly createdAt: string;
}

export interface CreateDocument {
  /** A lowercase kebab-case id; made from the name when absent. */
  readonly id?: string | undefined;
  readonly name: string;
  readonly body: unknown;
  readonly note?: string | undefined;
}

export interface UpdateDocument {
  readonly name?: string | undefined;
  readonly body: unknown;
  readonly note?: string | undefined;
  /** When given, the update is refused (conflict) unless this is still the latest version. */
  readonly baseVersion?: number | undefined;
}

export interface Page {
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

const summary = (row: DocumentRow): DocumentSummary => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  latestVersion: row.latest_version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const version = (row: DocumentVersionRow, doc: DocumentRow): DocumentVersion => ({
  id: row.document_id,
  kind: doc.kind,
  version: row.version,
  latestVersion: doc.latest_version,
  name: row.name,
  body: JSON.parse(row.body),
  note: row.note,
  createdAt: row.created_at,
});

/**
 * Versioned documents of one kind. Every edit inserts a new immutable version and moves the document's
 * `latest_version` in the same transaction; a delete hides the document but keeps its versions, so the
 * runs that used them still resolve.
 */
export class Documents {
  readonly #db: Kysely<Database>;
  readonly #kind: DocumentKind;
  readonly #now: () => Date;

  constructor(db: Kysely<Database>, kind: DocumentKind, now: () => Date) {
    this.#db = db;
    this.#kind = kind;
    this.#now = now;
  }

  /** Live documents of this kind, most recently updated first. */
  async list(page: Page = {}): Promise<DocumentSummary[]> {
    const rows = await this.#db
      .selectFrom("documents")
      .selectAll()
      .where("kind", "=", this.#kind)
      .where("deleted_at", "is", null)
      .orderBy("updated_at", "desc")
      .orderBy("id")
      .limit(page.limit ?? 100)
      .offset(page.offset ?? 0)
      .execute();
    return rows.map(summary);
  }

  /** The ids of live documents of this kind (for suggestions). */
  async ids(): Promise<string[]> {
    const rows = await this.#db
      .selectFrom("documents")
      .select("id")
      .where("kind", "=", this.#kind)
      .where("deleted_at", "is", null)
      .orderBy("id")
      .execute();
    return rows.map((r) => r.id);
  }

  /** Creates version 1 of a new document; `conflict` if the id is taken. */
  async create(input: CreateDocument): Promise<DocumentVersion> {
    const at = this.#now().toISOString();
    const body = JSON.stringify(input.body);
    try {
      return await this.#db.transaction().execute(async (tx) => {
        const id = input.id ?? (await freeId(tx, slug(input.name, this.#kind)));
        const doc: DocumentRow = {
          id,
          kind: this.#kind,
          name: input.name,
          latest_version: 1,
          created_at: at,
          updated_at: at,
          deleted_at: null,
        };
        await tx.insertInto("documents").values(doc).execute();
        const row: DocumentVersionRow = {
          document_id: id,
          version: 1,
          name: input.name,
          body,
          note: input.note ?? null,
          created_at: at,
        };
        await tx.insertInto("document_versions").values(row).execute();
        return version(row, doc);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new StoreError(
          "conflict",
          `id '${input.id ?? ""}' is taken (by a stored or a deleted document: ids are not reused)`,
        );
      throw error;
    }
  }

  /** The latest version of a live document, or the given version of any (even deleted) document. */
  async get(id: string, at?: number): Promise<DocumentVersion | undefined> {
    const doc = await this.#db
      .selectFrom("documents")
      .selectAll()
      .where("id", "=", id)
      .where("kind", "=", this.#kind)
      .executeTakeFirst();
    if (doc === undefined || (at === undefined && doc.deleted_at !== null)) return undefined;
    const row = await this.#db
      .selectFrom("document_versions")
      .selectAll()
      .where("document_id", "=", id)
      .where("version", "=", at ?? doc.latest_version)
      .executeTakeFirst();
    return row === undefined ? undefined : version(row, doc);
  }

  /** The history of a document, oldest first; undefined when it does not exist. */
  async versions(id: string): Promise<VersionInfo[] | undefined> {
    if ((await this.get(id)) === undefined) return undefined;
    const rows = await this.#db
      .selectFrom("document_versions")
      .select(["version", "name", "note", "created_at"])
      .where("document_id", "=", id)
      .orderBy("version")
      .execute();
    return rows.map((r) => ({ version: r.version, name: r.name, note: r.note, createdAt: r.created_at }));
  }

  /**
   * Adds a version. The document row moves only if its latest version is still the one read, so two
   * concurrent edits cannot both become version n+1: the loser gets `conflict`.
   */
  async update(id: string, input: UpdateDocument): Promise<DocumentVersion> {
    const at = this.#now().toISOString();
    const body = JSON.stringify(input.body);
    return this.#db.transaction().execute(async (tx) => {
      const doc = await tx
        .selectFrom("documents")
        .selectAll()
        .where("id", "=", id)
        .where("kind", "=", this.#kind)
        .where("deleted_at", "is", null)
        .executeTakeFirst();
      if (doc === undefined) throw new StoreError("not_found", `unknown ${this.#kind} '${id}'`);
      if (input.baseVersion !== undefined && input.baseVersion !== doc.latest_version) {
        throw new StoreError(
          "conflict",
          `${this.#kind} '${id}' is at version ${doc.latest_version}, not ${input.baseVersion}`,
        );
      }
      const next = doc.latest_version + 1;
      const name = input.name ?? doc.name;
      const moved = await tx
        .updateTable("documents")
        .set({ latest_version: next, name, updated_at: at })
        .where("id", "=", id)
        .where("latest_version", "=", doc.latest_version)
        .executeTakeFirst();
      if (moved.numUpdatedRows !== 1n) {
        throw new StoreError("conflict", `${this.#kind} '${id}' was changed concurrently`);
      }
      const row: DocumentVersionRow = {
        document_id: id,
        version: next,
        name,
        body,
        note: input.note ?? null,
        created_at: at,
      };
      await tx.insertInto("document_versions").values(row).execute();
      return version(row, { ...doc, latest_version: next, name, updated_at: at });
    });
  }

  /** Hides a document (its versions stay for the runs that used them); false when it did not exist. */
  async remove(id: string): Promise<boolean> {
    const at = this.#now().toISOString();
    const result = await this.#db
      .updateTable("documents")
      .set({ deleted_at: at, updated_at: at })
      .where("id", "=", id)
      .where("kind", "=", this.#kind)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }
}

/** `base`, or `base-2`, `base-3`… whichever is free (across kinds: ids are unique in the table). */
async function freeId(db: Kysely<Database>, base: string): Promise<string> {
  const taken = new Set(
    (
      await db
        .selectFrom("documents")
        .select("id")
        .where((eb) => eb.or([eb("id", "=", base), eb("id", "like", `${base}-%`)]))
        .execute()
    ).map((r) => r.id),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
