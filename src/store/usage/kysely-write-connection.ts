import { CompiledQuery } from 'kysely';
import type { Db } from '../database.js';
import type { SqlDialect } from '../sql-dialect.js';
import type { UsageWriteConnection } from './usage-write-connection.js';

/** A UsageWriteConnection over the store's own connection (Kysely); closing it is the store's business. */
export function kyselyWriteConnection(db: Db, dialect: SqlDialect): UsageWriteConnection {
  return {
    dialect: dialect.name,
    writeTransaction: (work) =>
      dialect.writeTransaction(db, (trx) => work(async (text, parameters) => {
        await trx.executeQuery(CompiledQuery.raw(text, [...parameters]));
      })),
    close: async () => {},
  };
}
