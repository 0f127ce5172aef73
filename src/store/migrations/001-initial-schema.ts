import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder } from 'kysely';
import type { Db } from '../database.js';
import type { SqlDialect } from '../sql-dialect.js';

/** Everything Switchboard stores. See database.ts for what each column means. */
export async function up(db: Db, dialect: SqlDialect): Promise<void> {
  // SQLite makes `integer primary key` an alias of the rowid (no second index); PostgreSQL needs a sequence,
  // which the store reads to allocate usage ids itself (sql-dialect.ts).
  const idType = dialect.name === 'sqlite' ? 'integer' : 'bigserial';
  const notNull = (col: ColumnDefinitionBuilder) => col.notNull();

  await db.schema.createTable('settings')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', notNull)
    .execute();

  await db.schema.createTable('admin_secrets')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', notNull)
    .execute();

  await db.schema.createTable('config_version')
    .addColumn('id', 'integer', (col) => col.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'bigint', notNull)
    .execute();
  await db.insertInto('config_version').values({ id: 1, version: 1 }).execute();

  await db.schema.createTable('custom_providers')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('type', 'text', notNull)
    .addColumn('display_name', 'text', notNull)
    .addColumn('base_url', 'text', notNull)
    .addColumn('api_key_env', 'text')
    .addColumn('headers', 'text', notNull)
    .addColumn('enabled', 'integer', notNull)
    .execute();

  await db.schema.createTable('provider_overrides')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('enabled', 'integer', notNull)
    .execute();

  await db.schema.createTable('custom_models')
    .addColumn('provider', 'text', notNull)
    .addColumn('id', 'text', notNull)
    .addColumn('display_name', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('context_length', 'bigint', notNull)
    .addColumn('max_output_tokens', 'bigint')
    .addColumn('capabilities', 'text', notNull)
    .addColumn('price', 'text')
    .addColumn('description', 'text')
    .addPrimaryKeyConstraint('custom_models_pk', ['provider', 'id'])
    .execute();

  await db.schema.createTable('model_overrides')
    .addColumn('provider', 'text', notNull)
    .addColumn('model_id', 'text', notNull)
    .addColumn('enabled', 'integer')
    .addColumn('price', 'text')
    .addColumn('context_length', 'bigint')
    .addColumn('capabilities', 'text')
    .addColumn('description', 'text')
    .addPrimaryKeyConstraint('model_overrides_pk', ['provider', 'model_id'])
    .execute();

  await db.schema.createTable('custom_aliases')
    .addColumn('alias', 'text', (col) => col.primaryKey())
    .addColumn('provider', 'text', notNull)
    .addColumn('model_id', 'text', notNull)
    .addColumn('enabled', 'integer', notNull)
    .execute();

  await db.schema.createTable('alias_overrides')
    .addColumn('provider', 'text', notNull)
    .addColumn('alias', 'text', notNull)
    .addColumn('enabled', 'integer', notNull)
    .addPrimaryKeyConstraint('alias_overrides_pk', ['provider', 'alias'])
    .execute();

  await db.schema.createTable('usage_records')
    .addColumn('id', idType, (col) => col.primaryKey())
    .addColumn('time', 'bigint', notNull)
    .addColumn('surface', 'text', notNull)
    .addColumn('endpoint', 'text', notNull)
    .addColumn('requested_model', 'text')
    .addColumn('provider', 'text')
    .addColumn('upstream_model', 'text')
    .addColumn('tags', 'text', notNull)
    .addColumn('client_ip', 'text', notNull)
    .addColumn('client_host', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('stream', 'integer', notNull)
    .addColumn('status', 'integer', notNull)
    .addColumn('error_kind', 'text')
    .addColumn('is_error', 'integer', notNull)
    .addColumn('input_tokens', 'bigint')
    .addColumn('output_tokens', 'bigint')
    .addColumn('reasoning_tokens', 'bigint')
    .addColumn('cache_read_tokens', 'bigint')
    .addColumn('cache_write_tokens', 'bigint')
    .addColumn('latency_ms', 'bigint', notNull)
    .addColumn('ttft_ms', 'bigint')
    .addColumn('cost_micros', 'bigint')
    .addColumn('cost_source', 'text', notNull)
    .execute();
  // Range scans and newest-first paging (recentUsage, iterateUsage, purge).
  await db.schema.createIndex('usage_records_time_idx').on('usage_records').columns(['time', 'id']).execute();

  await db.schema.createTable('usage_record_tags')
    .addColumn('record_id', 'bigint', (col) => col.notNull().references('usage_records.id'))
    .addColumn('tag', 'text', notNull)
    .addPrimaryKeyConstraint('usage_record_tags_pk', ['record_id', 'tag'])
    .execute();
  await db.schema.createIndex('usage_record_tags_tag_idx').on('usage_record_tags').columns(['tag', 'record_id']).execute();

  await db.schema.createTable('usage_tag_sets')
    .addColumn('tag_set', 'text', notNull)
    .addColumn('tag', 'text', notNull)
    .addPrimaryKeyConstraint('usage_tag_sets_pk', ['tag_set', 'tag'])
    .execute();
  await db.schema.createIndex('usage_tag_sets_tag_idx').on('usage_tag_sets').columns(['tag', 'tag_set']).execute();

  for (const table of ['usage_hourly', 'usage_daily'] as const) {
    await aggregateColumns(db.schema.createTable(table), idType)
      // Upsert target, and (led by bucket_start) the index for time-range scans.
      .addUniqueConstraint(`${table}_bucket_key`, [
        'bucket_start', 'provider', 'upstream_model', 'client_ip', 'client_host', 'tag_set',
      ])
      .execute();
  }
}

function aggregateColumns<T extends string>(table: CreateTableBuilder<T, never>, idType: 'integer' | 'bigserial') {
  const zero = (col: ColumnDefinitionBuilder) => col.notNull().defaultTo(0);
  return table
    // Surrogate key so retention can delete in batches (`where id in (select … limit n)`) on both databases.
    .addColumn('id', idType, (col) => col.primaryKey())
    .addColumn('bucket_start', 'bigint', (col) => col.notNull())
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('upstream_model', 'text', (col) => col.notNull())
    .addColumn('client_ip', 'text', (col) => col.notNull())
    .addColumn('client_host', 'text', (col) => col.notNull())
    .addColumn('tag_set', 'text', (col) => col.notNull())
    .addColumn('requests', 'bigint', zero)
    .addColumn('errors', 'bigint', zero)
    .addColumn('input_tokens', 'bigint', zero)
    .addColumn('output_tokens', 'bigint', zero)
    .addColumn('reasoning_tokens', 'bigint', zero)
    .addColumn('cache_read_tokens', 'bigint', zero)
    .addColumn('cache_write_tokens', 'bigint', zero)
    .addColumn('cost_micros', 'bigint', zero)
    .addColumn('reported_cost_micros', 'bigint', zero);
}
