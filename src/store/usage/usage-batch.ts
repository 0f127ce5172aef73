import type { CostSource, PreparedUsage, Surface, UsageRecordInput } from '../store-types.js';

/**
 * A batch of usage records in columnar form (PreparedUsage): per record, FIELDS numbers in one Float64Array, each
 * string stored once per batch in `strings` and referred to by its index (-1: null), a missing count as NaN.
 *
 * Why: this is the only per-request work usage tracking adds to the event loop, and it is done the moment a response
 * ends (UsageRecorder.enqueue), so the record object dies young. Serialising the records as JSON per batch instead
 * cost about 7,000 instructions per record (callgrind; tag lists escaped as JSON inside JSON, 24 values per row), and
 * kept every record object alive until its batch was prepared, through the young generation's collections. Here a
 * record costs a few map lookups (the strings of one client repeat from request to request) and 23 stores into a
 * typed array, whose bytes live outside the JS heap and cross to the writer thread as one copy.
 */
const F = {
  time: 0, surface: 1, endpoint: 2, requestedModel: 3, provider: 4, upstreamModel: 5,
  /** A one-tag list (the usual case) as that tag; any other list as its JSON in `tagList`. */
  tag: 6, tagList: 7,
  clientIp: 8, clientHost: 9, userAgent: 10, stream: 11, status: 12, errorKind: 13, inputTokens: 14, outputTokens: 15,
  reasoningTokens: 16, cacheReadTokens: 17, cacheWriteTokens: 18, latencyMs: 19, ttftMs: 20, costMicros: 21,
  costSource: 22,
} as const;
/** Numbers per record. */
const FIELDS = Object.keys(F).length;

const INITIAL_RECORDS = 64;

function countOrNaN(count: number | null): number {
  return count === null ? Number.NaN : count;
}

function countOrNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/** Collects records into one batch; `seal()` hands the batch over and starts the next. */
export class UsageBatchBuilder {
  private numbers = new Float64Array(INITIAL_RECORDS * FIELDS);
  private strings: string[] = [];
  private readonly indexOf = new Map<string, number>();
  /** Per field, the last string stored and its index (see ref). */
  private readonly lastValue: (string | undefined)[] = new Array<string | undefined>(FIELDS).fill(undefined);
  private readonly lastIndex: number[] = new Array<number>(FIELDS).fill(-1);
  private count = 0;

  /** Records added since the last seal. */
  get records(): number {
    return this.count;
  }

  add(record: UsageRecordInput): void {
    const at = this.count * FIELDS;
    if (at + FIELDS > this.numbers.length) this.grow();
    const numbers = this.numbers;
    const tags = record.tags;
    numbers[at + F.time] = record.time;
    numbers[at + F.surface] = this.ref(F.surface, record.surface);
    numbers[at + F.endpoint] = this.ref(F.endpoint, record.endpoint);
    numbers[at + F.requestedModel] = this.ref(F.requestedModel, record.requestedModel);
    numbers[at + F.provider] = this.ref(F.provider, record.provider);
    numbers[at + F.upstreamModel] = this.ref(F.upstreamModel, record.upstreamModel);
    numbers[at + F.tag] = tags.length === 1 ? this.ref(F.tag, tags[0]!) : -1;
    numbers[at + F.tagList] = tags.length === 1 ? -1 : this.ref(F.tagList, JSON.stringify(tags));
    numbers[at + F.clientIp] = this.ref(F.clientIp, record.clientIp);
    numbers[at + F.clientHost] = this.ref(F.clientHost, record.clientHost);
    numbers[at + F.userAgent] = this.ref(F.userAgent, record.userAgent);
    numbers[at + F.stream] = record.stream ? 1 : 0;
    numbers[at + F.status] = record.status;
    numbers[at + F.errorKind] = this.ref(F.errorKind, record.errorKind);
    numbers[at + F.inputTokens] = countOrNaN(record.inputTokens);
    numbers[at + F.outputTokens] = countOrNaN(record.outputTokens);
    numbers[at + F.reasoningTokens] = countOrNaN(record.reasoningTokens);
    numbers[at + F.cacheReadTokens] = countOrNaN(record.cacheReadTokens);
    numbers[at + F.cacheWriteTokens] = countOrNaN(record.cacheWriteTokens);
    numbers[at + F.latencyMs] = record.latencyMs;
    numbers[at + F.ttftMs] = countOrNaN(record.ttftMs);
    numbers[at + F.costMicros] = countOrNaN(record.costMicros);
    numbers[at + F.costSource] = this.ref(F.costSource, record.costSource);
    this.count++;
  }

  /** The records added so far as a batch (its numbers copied to their exact size); the builder starts empty. */
  seal(): PreparedUsage {
    const batch = { records: this.count, numbers: this.numbers.slice(0, this.count * FIELDS), strings: this.strings };
    this.count = 0;
    this.strings = [];
    this.indexOf.clear();
    this.lastValue.fill(undefined);
    return batch;
  }

  /**
   * The index of `value` in this batch's strings. A field usually repeats the previous record's value (one client,
   * one model): checked first, that costs a comparison instead of hashing the string for the map (a header's string
   * is a new one in every request, so its hash is never cached).
   */
  private ref(field: number, value: string | null): number {
    if (value === null) return -1;
    if (value === this.lastValue[field]) return this.lastIndex[field]!;
    let index = this.indexOf.get(value);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(value);
      this.indexOf.set(value, index);
    }
    this.lastValue[field] = value;
    this.lastIndex[field] = index;
    return index;
  }

  private grow(): void {
    const larger = new Float64Array(this.numbers.length * 2);
    larger.set(this.numbers);
    this.numbers = larger;
  }
}

/** A batch of records at once (Store.insertUsage, tests). */
export function prepareUsageBatch(records: readonly UsageRecordInput[]): PreparedUsage {
  const builder = new UsageBatchBuilder();
  for (const record of records) builder.add(record);
  return builder.seal();
}

/** The records of a batch, as they were added. Runs off the event loop (the writer thread), or in tests. */
export function usageRecordsOf(batch: PreparedUsage): UsageRecordInput[] {
  const { numbers, strings } = batch;
  const text = (index: number): string | null => (index === -1 ? null : strings[index]!);
  const records: UsageRecordInput[] = [];
  for (let at = 0; at < batch.records * FIELDS; at += FIELDS) {
    const tag = numbers[at + F.tag]!;
    const tagList = numbers[at + F.tagList]!;
    records.push({
      time: numbers[at + F.time]!,
      surface: text(numbers[at + F.surface]!) as Surface,
      endpoint: text(numbers[at + F.endpoint]!)!,
      requestedModel: text(numbers[at + F.requestedModel]!),
      provider: text(numbers[at + F.provider]!),
      upstreamModel: text(numbers[at + F.upstreamModel]!),
      tags: tag !== -1 ? [strings[tag]!] : (JSON.parse(strings[tagList]!) as string[]),
      clientIp: text(numbers[at + F.clientIp]!)!,
      clientHost: text(numbers[at + F.clientHost]!),
      userAgent: text(numbers[at + F.userAgent]!),
      stream: numbers[at + F.stream] === 1,
      status: numbers[at + F.status]!,
      errorKind: text(numbers[at + F.errorKind]!),
      inputTokens: countOrNull(numbers[at + F.inputTokens]!),
      outputTokens: countOrNull(numbers[at + F.outputTokens]!),
      reasoningTokens: countOrNull(numbers[at + F.reasoningTokens]!),
      cacheReadTokens: countOrNull(numbers[at + F.cacheReadTokens]!),
      cacheWriteTokens: countOrNull(numbers[at + F.cacheWriteTokens]!),
      latencyMs: numbers[at + F.latencyMs]!,
      ttftMs: countOrNull(numbers[at + F.ttftMs]!),
      costMicros: countOrNull(numbers[at + F.costMicros]!),
      costSource: text(numbers[at + F.costSource]!) as CostSource,
    });
  }
  return records;
}

/** The client addresses of the batch's records without a hostname (the reverse-DNS step's work). */
export function addressesWithoutHost(batch: PreparedUsage): Set<string> {
  const addresses = new Set<string>();
  for (let at = 0; at < batch.records * FIELDS; at += FIELDS) {
    if (batch.numbers[at + F.clientHost] !== -1) continue;
    const address = batch.strings[batch.numbers[at + F.clientIp]!]!;
    if (address !== '') addresses.add(address);
  }
  return addresses;
}

/** Fills the hostname of each record without one whose address `hosts` names. */
export function setClientHosts(batch: PreparedUsage, hosts: ReadonlyMap<string, string | null>): void {
  const refOfHost = new Map<string, number>();
  for (let at = 0; at < batch.records * FIELDS; at += FIELDS) {
    if (batch.numbers[at + F.clientHost] !== -1) continue;
    const host = hosts.get(batch.strings[batch.numbers[at + F.clientIp]!]!);
    if (host === undefined || host === null) continue;
    let ref = refOfHost.get(host);
    if (ref === undefined) {
      ref = batch.strings.push(host) - 1;
      refOfHost.set(host, ref);
    }
    batch.numbers[at + F.clientHost] = ref;
  }
}
