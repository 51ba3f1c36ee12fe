import type { Kysely, Migration } from "kysely";

/**
 * The migrations, in order. One definition serves both dialects: only portable column types, and every
 * value (ids, timestamps) is made by the application. Never edit a migration that has shipped; add one.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  "0001-initial": {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("documents")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("latest_version", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("deleted_at", "text")
        .execute();
      await db.schema
        .createIndex("documents_kind_updated")
        .on("documents")
        .columns(["kind", "updated_at"])
        .execute();
      await db.schema
        .createTable("document_versions")
        .addColumn("document_id", "text", (c) => c.notNull().references("documents.id").onDelete("cascade"))
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("note", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("document_versions_pk", ["document_id", "version"])
        .execute();
      await db.schema
        .createTable("runs")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("document_id", "text", (c) => c.notNull())
        .addColumn("document_version", "integer", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("seed", "bigint", (c) => c.notNull())
        .addColumn("runs", "integer", (c) => c.notNull())
        .addColumn("completed", "integer", (c) => c.notNull())
        .addColumn("options", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("started_at", "text")
        .addColumn("finished_at", "text")
        .addColumn("elapsed_ms", "double precision")
        .addColumn("error", "text")
        .addColumn("summary", "text")
        .addForeignKeyConstraint(
          "runs_document_version_fk",
          ["document_id", "document_version"],
          "document_versions",
          ["document_id", "version"],
        )
        .execute();
      await db.schema.createIndex("runs_status").on("runs").column("status").execute();
      await db.schema.createIndex("runs_document").on("runs").column("document_id").execute();
      let results = db.schema
        .createTable("run_results")
        .addColumn("run_id", "text", (c) => c.notNull().references("runs.id").onDelete("cascade"))
        .addColumn("output", "text", (c) => c.notNull())
        .addColumn("period", "text", (c) => c.notNull())
        .addColumn("n", "integer", (c) => c.notNull());
      for (const column of ["mean", "sd", "min", "p05", "p25", "p50", "p75", "p95", "max"]) {
        results = results.addColumn(column, "double precision");
      }
      await results.addPrimaryKeyConstraint("run_results_pk", ["run_id", "output", "period"]).execute();
      await db.schema
        .createTable("notes")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("source", "text")
        .addColumn("verdict", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("notes_subject").on("notes").column("subject").execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ["notes", "run_results", "runs", "document_versions", "documents"]) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
};
