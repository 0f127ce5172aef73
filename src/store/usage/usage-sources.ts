import { sql, type RawBuilder } from 'kysely';
import type { UsageFilter } from '../store-types.js';

/**
 * How each table that answers usage questions is read, as SQL fragments over the alias `u`: raw records
 * (usage_records) and the two aggregate tables (usage_hourly, usage_daily). Both expose the same dimensions with
 * unknown values as '' (aggregates store '' because their unique key cannot hold NULL; raw reads coalesce to ''),
 * so a filter or a group key means exactly the same thing whichever table answers.
 *
 * Tags and exactness. Aggregates are keyed by the request's whole tag set (JSON of its sorted tags), and
 * usage_tag_sets lists each set's tags. A request therefore sits in exactly one aggregate row, so:
 * - totals, time series and provider/model/client breakdowns sum rows directly and never double-count;
 * - a tag filter keeps the rows whose set contains ANY filter tag (`tag_set in (sets having one)`), each row
 *   once, so a request matching two filter tags still counts once — exact for any number of filter tags, with no
 *   need to fall back to raw records;
 * - a breakdown by tag joins usage_tag_sets, so a request with two tags counts once under each.
 * Raw records carry the same tag-set key (usage_records.tag_set, migration 002) and are filtered and grouped by tag
 * the same way.
 */
export type UsageSource = {
  /** `from` clause. */
  table: RawBuilder<unknown>;
  /** Record time, or bucket start. */
  time: RawBuilder<number>;
  provider: RawBuilder<string>;
  upstreamModel: RawBuilder<string>;
  clientIp: RawBuilder<string>;
  clientHost: RawBuilder<string>;
  /** The UsageTotals columns, named as the fields of SumRow. */
  sums: RawBuilder<unknown>;
  /** True when the row has at least one of `tags`. */
  hasAnyTag(tags: readonly string[]): RawBuilder<boolean>;
  /** Join giving one row per (row, tag) with the tag as `g.tag`. */
  tagJoin: RawBuilder<unknown>;
};

/** Rows whose tag set holds any of `tags`: each row at most once, however many of the tags it has. */
function tagSetHasAnyTag(tags: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`u.tag_set in (select ft.tag_set from usage_tag_sets ft where ft.tag in (${sql.join(tags)}))`;
}

export const rawSource: UsageSource = {
  table: sql`usage_records as u`,
  time: sql`u.time`,
  provider: sql`coalesce(u.provider, '')`,
  upstreamModel: sql`coalesce(u.upstream_model, '')`,
  clientIp: sql`u.client_ip`,
  clientHost: sql`coalesce(u.client_host, '')`,
  // SUM skips NULL: unknown token counts and costs count as 0 only inside the sum; COALESCE covers "no rows".
  sums: sql`count(*) as requests,
    coalesce(sum(u.is_error), 0) as errors,
    coalesce(sum(u.input_tokens), 0) as input_tokens,
    coalesce(sum(u.output_tokens), 0) as output_tokens,
    coalesce(sum(u.reasoning_tokens), 0) as reasoning_tokens,
    coalesce(sum(u.cache_read_tokens), 0) as cache_read_tokens,
    coalesce(sum(u.cache_write_tokens), 0) as cache_write_tokens,
    coalesce(sum(u.cost_micros), 0) as cost_micros,
    coalesce(sum(case when u.cost_source = 'reported' then u.cost_micros else 0 end), 0) as reported_cost_micros`,
  hasAnyTag: tagSetHasAnyTag,
  tagJoin: sql`inner join usage_tag_sets g on g.tag_set = u.tag_set`,
};

export function aggregateSource(table: 'usage_hourly' | 'usage_daily'): UsageSource {
  return {
    table: sql`${sql.table(table)} as u`,
    time: sql`u.bucket_start`,
    provider: sql`u.provider`,
    upstreamModel: sql`u.upstream_model`,
    clientIp: sql`u.client_ip`,
    clientHost: sql`u.client_host`,
    sums: sql`coalesce(sum(u.requests), 0) as requests,
      coalesce(sum(u.errors), 0) as errors,
      coalesce(sum(u.input_tokens), 0) as input_tokens,
      coalesce(sum(u.output_tokens), 0) as output_tokens,
      coalesce(sum(u.reasoning_tokens), 0) as reasoning_tokens,
      coalesce(sum(u.cache_read_tokens), 0) as cache_read_tokens,
      coalesce(sum(u.cache_write_tokens), 0) as cache_write_tokens,
      coalesce(sum(u.cost_micros), 0) as cost_micros,
      coalesce(sum(u.reported_cost_micros), 0) as reported_cost_micros`,
    hasAnyTag: tagSetHasAnyTag,
    tagJoin: sql`inner join usage_tag_sets g on g.tag_set = u.tag_set`,
  };
}

/** `provider/upstreamModel`, or '' when either is unknown. */
export function modelKey(source: UsageSource): RawBuilder<string> {
  const { provider, upstreamModel } = source;
  return sql<string>`case when ${provider} = '' or ${upstreamModel} = '' then '' else ${provider} || '/' || ${upstreamModel} end`;
}

/** Hostname when known, else IP. */
export function clientKey(source: UsageSource): RawBuilder<string> {
  return sql<string>`case when ${source.clientHost} = '' then ${source.clientIp} else ${source.clientHost} end`;
}

/** The filter's conditions except time, ANDed (`1 = 1` when there are none). */
export function filterConditions(source: UsageSource, filter: UsageFilter): RawBuilder<boolean> {
  const conditions: RawBuilder<boolean>[] = [];
  if (filter.tags?.length) conditions.push(source.hasAnyTag(filter.tags));
  if (filter.providers?.length) conditions.push(sql<boolean>`${source.provider} in (${sql.join(filter.providers)})`);
  if (filter.models?.length) {
    // A value is either `provider/model` or a bare upstream model id (which may itself contain a slash).
    const models = sql.join(filter.models);
    conditions.push(sql<boolean>`(${source.upstreamModel} in (${models}) or ${modelKey(source)} in (${models}))`);
  }
  if (filter.clients?.length) {
    const clients = sql.join(filter.clients);
    conditions.push(sql<boolean>`(${source.clientIp} in (${clients}) or ${source.clientHost} in (${clients}))`);
  }
  return conditions.length === 0 ? sql<boolean>`1 = 1` : sql<boolean>`${sql.join(conditions, sql` and `)}`;
}
