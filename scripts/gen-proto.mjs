// Regenerates the static OTLP protobuf code from proto/ (see proto/README.md).
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';

const out = 'src/ingest/otlp/generated/otlp.js';
const protos = [
  'opentelemetry/proto/collector/trace/v1/trace_service.proto',
  'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
  'opentelemetry/proto/collector/logs/v1/logs_service.proto',
  'google/rpc/status.proto',
];
execFileSync('node_modules/.bin/pbjs', [
  '-t', 'static-module', '-w', 'es6', '--es6', '--force-number', '--no-delimited', '--no-service',
  '--no-verify', '--no-typeurl', '-p', 'proto', '-o', out, ...protos.map((p) => `proto/${p}`),
], { stdio: 'inherit' });
// protobufjs/minimal is CommonJS: a default import is the portable form under Node ESM.
const js = readFileSync(out, 'utf8').replace(
  'import * as $protobuf from "protobufjs/minimal";',
  'import $protobuf from "protobufjs/minimal.js";',
);
writeFileSync(out, js);
execFileSync('node_modules/.bin/pbts', ['-o', out.replace(/\.js$/, '.d.ts'), out], { stdio: 'inherit' });
