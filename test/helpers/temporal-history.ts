/**
 * Parses a history exported by `temporal workflow show --output json`. `historyFromJSON` of @temporalio/common
 * fails in this install ("type must be a Type"): common and proto each carry their own protobufjs 8 copy under
 * their node_modules, and protojson's instanceof check meets the other copy's Type. Resolving protojson from
 * @temporalio/proto's location uses the copy its message types were built with; the rest is what
 * historyFromJSON does (history event enums here are already in CONSTANT_CASE).
 */
import { createRequire } from 'node:module';

const here = createRequire(import.meta.url);
const protoRequire = createRequire(here.resolve('@temporalio/proto'));
const { fromJson } = protoRequire('protobufjs/ext/protojson') as { fromJson: (type: unknown, json: unknown, opts?: unknown) => unknown };
const { patchProtobufRoot } = here('@temporalio/proto/lib/patch-protobuf-root') as { patchProtobufRoot: (root: unknown) => { lookupType(n: string): unknown } };

export function historyFromCliJson(json: unknown): unknown {
  const historyType = patchProtobufRoot(here('@temporalio/proto')).lookupType('temporal.api.history.v1.History');
  return fromJson(historyType, json, { ignoreUnknownFields: true });
}
