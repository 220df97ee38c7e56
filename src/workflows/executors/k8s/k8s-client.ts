/**
 * The thin layer over `@kubernetes/client-node`'s generic object API that the executor needs: every write is
 * sent first with server-side dry run (`dryRun=All`), then for real, and each is recorded. API errors become
 * `ExecutorError`s: 409 (conflict) and 429/5xx are retryable; 403, 404, 415, 422 are not.
 */
import { KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { ExecutorError, type SentRequest } from '../../../core/executor.js';

export const FIELD_MANAGER = 'otlp-aiops';

export function loadKubeConfig(path?: string): KubeConfig {
  const kc = new KubeConfig();
  if (path) kc.loadFromFile(path);
  else kc.loadFromDefault();
  return kc;
}

export function statusOf(e: unknown): number | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

export function toExecutorError(e: unknown, what: string): ExecutorError {
  const code = statusOf(e);
  const body = (e as { body?: unknown }).body;
  const msg = typeof body === 'string' ? (safeMessage(body) ?? body.slice(0, 300)) : (e as Error).message;
  const retryable = code === undefined || code === 409 || code === 429 || code >= 500;
  return new ExecutorError(`${what}: ${code ?? 'network'} ${msg}`, retryable, code === 403 ? 'FORBIDDEN' : code === 404 ? 'NOT_FOUND' : code === 409 ? 'CONFLICT' : `HTTP_${code ?? 'NETWORK'}`, { cause: e });
}

function safeMessage(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { message?: string }).message;
  } catch {
    return undefined;
  }
}

export interface K8sClient {
  read<T extends KubernetesObject>(ref: KubernetesObject): Promise<T | null>;
  list<T extends KubernetesObject>(apiVersion: string, kind: string, namespace: string): Promise<T[]>;
  /** Dry run, then the real patch. */
  patch(obj: KubernetesObject, contentType: string): Promise<void>;
  create(obj: KubernetesObject): Promise<'created' | 'exists'>;
  remove(ref: KubernetesObject): Promise<void>;
  /** Every write request sent, dry runs included, in order. */
  sent: SentRequest[];
}

const label = (o: KubernetesObject) => `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`;

export function createK8sClient(kc: KubeConfig): K8sClient {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const sent: SentRequest[] = [];
  const rec = (method: SentRequest['method'], o: KubernetesObject, contentType: string | undefined, dryRun: boolean, body?: unknown) =>
    sent.push({ method, path: `${o.apiVersion} ${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`, contentType, body, dryRun });
  return {
    sent,
    async read<T extends KubernetesObject>(ref: KubernetesObject) {
      try {
        return (await api.read(ref as never)) as T;
      } catch (e) {
        if (statusOf(e) === 404) return null;
        throw toExecutorError(e, `read ${label(ref)}`);
      }
    },
    async list<T extends KubernetesObject>(apiVersion: string, kind: string, namespace: string) {
      try {
        return (await api.list<T>(apiVersion, kind, namespace)).items;
      } catch (e) {
        throw toExecutorError(e, `list ${kind} in ${namespace}`);
      }
    },
    async patch(obj, contentType) {
      for (const dryRun of [true, false]) {
        rec('PATCH', obj, contentType, dryRun, obj);
        try {
          await api.patch(structuredClone(obj), undefined, dryRun ? 'All' : undefined, FIELD_MANAGER, undefined, contentType as never);
        } catch (e) {
          throw toExecutorError(e, `${dryRun ? 'dry-run ' : ''}patch ${label(obj)}`);
        }
      }
    },
    async create(obj) {
      for (const dryRun of [true, false]) {
        rec('POST', obj, 'application/json', dryRun, obj);
        try {
          await api.create(structuredClone(obj), undefined, dryRun ? 'All' : undefined, FIELD_MANAGER);
        } catch (e) {
          if (statusOf(e) === 409) return 'exists';
          throw toExecutorError(e, `${dryRun ? 'dry-run ' : ''}create ${label(obj)}`);
        }
      }
      return 'created';
    },
    async remove(ref) {
      for (const dryRun of [true, false]) {
        rec('DELETE', ref, undefined, dryRun);
        try {
          await api.delete(ref, undefined, dryRun ? 'All' : undefined);
        } catch (e) {
          if (statusOf(e) === 404) return;
          throw toExecutorError(e, `${dryRun ? 'dry-run ' : ''}delete ${label(ref)}`);
        }
      }
    },
  };
}
