/**
 * The shop: a topology modelled on the OpenTelemetry Astronomy Shop demo (frontend-proxy → frontend → ad, cart,
 * checkout, currency, email, payment, product-catalog, quote, recommendation, shipping; cart → valkey; checkout →
 * kafka `orders` → accounting, fraud-detection; two PostgreSQL instances). Latencies are self times in ms: lognormal
 * (sigma 0.6–1.0), quote with a Pareto tail. Written from the demo's public description, not from src/sim.
 */
export type Runtime = 'jvm' | 'node' | 'go' | 'container';

/** A self-time distribution in ms. */
export interface Latency {
  median: number;
  sigma: number;
  /** Share of requests drawn from a Pareto tail instead (scale = median). */
  pareto?: { share: number; alpha: number };
}

export type Call =
  | { kind: 'service'; to: string; op: string; times?: readonly [number, number]; p?: number }
  | { kind: 'db'; db: string; op: string; collection: string; times?: readonly [number, number] }
  | { kind: 'publish'; topic: string };

export interface Operation {
  /** Span name of the SERVER span (the gRPC method or `METHOD route`). */
  name: string;
  protocol: 'http' | 'grpc';
  /** gRPC: `package.Service`; http: method and route. */
  rpcService?: string;
  method?: string;
  route?: string;
  self: Latency;
  calls: readonly Call[];
  /** Probability that the operation fails when one of its calls failed (the rest retry or degrade). */
  propagate?: number;
  /**
   * Normal refusals (a declined card, an unknown product): the SERVER span says 4xx / INVALID_ARGUMENT and stays
   * UNSET, as the semantic conventions ask of servers; the caller's CLIENT span is ERROR (any non-OK answer is).
   */
  refuse?: number;
}

export interface Service {
  name: string;
  version: string;
  runtime: Runtime;
  port: number;
  ops: Record<string, Operation>;
  /** Kafka consumers: what they do per message on `orders`. */
  consume?: { group: string; self: Latency; calls: readonly Call[] };
  cpu: number;
  memoryMiB: number;
}

export interface Database {
  /** Key in calls. */
  id: string;
  system: 'postgresql' | 'redis';
  address: string;
  port: number;
  namespace?: string;
  /** Query time as the client sees it. */
  latency: Latency;
}

const grpc = (rpcService: string, method: string, self: Latency, calls: readonly Call[] = [], propagate = 0.8): Operation =>
  ({ name: `${rpcService}/${method}`, protocol: 'grpc', rpcService, method, self, calls, propagate });
const http = (method: string, route: string, self: Latency, calls: readonly Call[] = [], propagate = 0.8): Operation =>
  ({ name: `${method} ${route}`, protocol: 'http', method, route, self, calls, propagate });
const flag = (): Call => ({ kind: 'service', to: 'flagd', op: 'ResolveBoolean', p: 0.4 });
const svc = (to: string, op: string, times?: readonly [number, number], p?: number): Call => ({ kind: 'service', to, op, times, p });

export const DATABASES: Record<string, Database> = {
  valkey: { id: 'valkey', system: 'redis', address: 'valkey-cart', port: 6379, latency: { median: 0.35, sigma: 0.6 } },
  catalogDb: { id: 'catalogDb', system: 'postgresql', address: 'catalog-db', port: 5432, namespace: 'products', latency: { median: 2.2, sigma: 0.7 } },
  accountingDb: { id: 'accountingDb', system: 'postgresql', address: 'accounting-db', port: 5432, namespace: 'accounting', latency: { median: 3.5, sigma: 0.7 } },
};

export function shopServices(): Service[] {
  return [
    {
      name: 'frontend-proxy', version: '1.12.0', runtime: 'go', port: 8080, cpu: 0.12, memoryMiB: 60,
      ops: { ingress: { name: 'ingress', protocol: 'http', self: { median: 0.4, sigma: 0.6 }, calls: [], propagate: 1 } },
    },
    {
      name: 'frontend', version: '2.0.2', runtime: 'node', port: 8080, cpu: 0.3, memoryMiB: 180,
      ops: {
        home: http('GET', '/', { median: 9, sigma: 0.7 }, [svc('currency', 'GetSupportedCurrencies'), svc('product-catalog', 'ListProducts'), svc('cart', 'GetCart'), svc('recommendation', 'ListRecommendations'), svc('ad', 'GetAds')], 0.6),
        product: { ...http('GET', '/api/products/[productId]', { median: 5, sigma: 0.7 }, [svc('product-catalog', 'GetProduct'), svc('currency', 'Convert')]), refuse: 0.015 },
        recs: http('GET', '/api/recommendations', { median: 3, sigma: 0.7 }, [svc('recommendation', 'ListRecommendations')]),
        ads: http('GET', '/api/data', { median: 2, sigma: 0.6 }, [svc('ad', 'GetAds')]),
        cartView: http('GET', '/api/cart', { median: 3, sigma: 0.7 }, [svc('cart', 'GetCart'), svc('currency', 'Convert', [1, 3])]),
        cartAdd: http('POST', '/api/cart', { median: 3, sigma: 0.7 }, [svc('cart', 'AddItem')]),
        shipping: http('GET', '/api/shipping', { median: 3, sigma: 0.6 }, [svc('shipping', 'GetQuote')]),
        checkout: http('POST', '/api/checkout', { median: 6, sigma: 0.7 }, [svc('checkout', 'PlaceOrder')], 1),
        currency: http('GET', '/api/currency', { median: 1.5, sigma: 0.6 }, [svc('currency', 'GetSupportedCurrencies')]),
      },
    },
    { name: 'ad', version: '1.4.0', runtime: 'jvm', port: 9555, cpu: 0.2, memoryMiB: 300, ops: { GetAds: grpc('oteldemo.AdService', 'GetAds', { median: 2.5, sigma: 0.8 }, [flag()]) } },
    {
      name: 'cart', version: '1.9.1', runtime: 'container', port: 7070, cpu: 0.15, memoryMiB: 120,
      ops: {
        GetCart: grpc('oteldemo.CartService', 'GetCart', { median: 1.2, sigma: 0.6 }, [{ kind: 'db', db: 'valkey', op: 'HGET', collection: 'cart' }]),
        AddItem: grpc('oteldemo.CartService', 'AddItem', { median: 1.5, sigma: 0.6 }, [flag(), { kind: 'db', db: 'valkey', op: 'HSET', collection: 'cart' }, { kind: 'db', db: 'valkey', op: 'EXPIRE', collection: 'cart' }]),
        EmptyCart: grpc('oteldemo.CartService', 'EmptyCart', { median: 1.0, sigma: 0.6 }, [{ kind: 'db', db: 'valkey', op: 'DEL', collection: 'cart' }]),
      },
    },
    {
      name: 'checkout', version: '1.3.0', runtime: 'go', port: 5050, cpu: 0.08, memoryMiB: 50,
      ops: {
        PlaceOrder: grpc('oteldemo.CheckoutService', 'PlaceOrder', { median: 4, sigma: 0.7 }, [
          svc('cart', 'GetCart'), svc('product-catalog', 'GetProduct', [1, 4]), svc('currency', 'Convert', [1, 4]), svc('shipping', 'GetQuote'),
          svc('payment', 'Charge'), svc('shipping', 'ShipOrder'), svc('cart', 'EmptyCart'), svc('email', 'SendOrderConfirmation'), { kind: 'publish', topic: 'orders' },
        ], 1),
      },
    },
    {
      name: 'currency', version: '1.1.0', runtime: 'container', port: 7001, cpu: 0.05, memoryMiB: 20,
      ops: { Convert: grpc('oteldemo.CurrencyService', 'Convert', { median: 0.6, sigma: 0.6 }), GetSupportedCurrencies: grpc('oteldemo.CurrencyService', 'GetSupportedCurrencies', { median: 0.4, sigma: 0.6 }) },
    },
    { name: 'email', version: '1.0.3', runtime: 'container', port: 6060, cpu: 0.03, memoryMiB: 90, ops: { SendOrderConfirmation: http('POST', '/send_order_confirmation', { median: 45, sigma: 0.9 }) } },
    { name: 'payment', version: '1.6.0', runtime: 'node', port: 50051, cpu: 0.05, memoryMiB: 110, ops: { Charge: { ...grpc('oteldemo.PaymentService', 'Charge', { median: 9, sigma: 0.7 }, [flag()]), refuse: 0.02 } } },
    {
      name: 'product-catalog', version: '1.8.0', runtime: 'go', port: 3550, cpu: 0.1, memoryMiB: 40,
      ops: {
        ListProducts: grpc('oteldemo.ProductCatalogService', 'ListProducts', { median: 1.5, sigma: 0.7 }, [{ kind: 'db', db: 'catalogDb', op: 'SELECT', collection: 'products' }]),
        GetProduct: grpc('oteldemo.ProductCatalogService', 'GetProduct', { median: 0.8, sigma: 0.7 }, [flag(), { kind: 'db', db: 'catalogDb', op: 'SELECT', collection: 'products' }]),
      },
    },
    // PHP behind a busy worker pool: a Pareto tail.
    { name: 'quote', version: '1.2.0', runtime: 'container', port: 8090, cpu: 0.04, memoryMiB: 35, ops: { getquote: http('POST', '/getquote', { median: 3, sigma: 0.6, pareto: { share: 0.08, alpha: 1.6 } }) } },
    {
      name: 'recommendation', version: '1.5.0', runtime: 'container', port: 9001, cpu: 0.25, memoryMiB: 160,
      ops: { ListRecommendations: grpc('oteldemo.RecommendationService', 'ListRecommendations', { median: 6, sigma: 0.8 }, [flag(), svc('product-catalog', 'ListProducts')], 0.9) },
    },
    {
      name: 'shipping', version: '1.7.0', runtime: 'container', port: 50050, cpu: 0.04, memoryMiB: 25,
      ops: {
        GetQuote: http('POST', '/get-quote', { median: 1.2, sigma: 0.6 }, [svc('quote', 'getquote')], 0.9),
        ShipOrder: http('POST', '/ship-order', { median: 0.8, sigma: 0.6 }),
      },
    },
    {
      name: 'accounting', version: '1.0.5', runtime: 'container', port: 0, cpu: 0.04, memoryMiB: 100, ops: {},
      consume: { group: 'accounting', self: { median: 2, sigma: 0.7 }, calls: [{ kind: 'db', db: 'accountingDb', op: 'INSERT', collection: 'orders' }, { kind: 'db', db: 'accountingDb', op: 'INSERT', collection: 'orderitem', times: [1, 4] }] },
    },
    // Feature flags: several services ask flagd on part of their requests (a shared dependency).
    { name: 'flagd', version: '0.12.9', runtime: 'go', port: 8013, cpu: 0.03, memoryMiB: 30, ops: { ResolveBoolean: grpc('flagd.evaluation.v1.Service', 'ResolveBoolean', { median: 0.3, sigma: 0.6 }) } },
    // Locust: most traffic starts as its root CLIENT span; the rest comes from browsers nobody instruments.
    { name: 'load-generator', version: '2.0.2', runtime: 'container', port: 0, cpu: 0.2, memoryMiB: 200, ops: {} },
    { name: 'fraud-detection', version: '1.2.1', runtime: 'jvm', port: 0, cpu: 0.1, memoryMiB: 260, ops: {}, consume: { group: 'fraud-detection', self: { median: 12, sigma: 0.8 }, calls: [] } },
  ];
}

/** Pages at the frontend-proxy: the frontend operation each one lands on, weights at the start and the end of a run. */
export const PAGES: readonly { op: string; start: number; end: number }[] = [
  // The shift between the two callers of product-catalog: home pages (frontend calls it directly and through
  // recommendation) give way to the recommendations API (only through recommendation) over the run.
  { op: 'home', start: 0.3, end: 0.14 },
  { op: 'recs', start: 0.05, end: 0.2 },
  { op: 'product', start: 0.22, end: 0.22 },
  { op: 'ads', start: 0.08, end: 0.08 },
  { op: 'cartView', start: 0.1, end: 0.1 },
  { op: 'cartAdd', start: 0.09, end: 0.09 },
  { op: 'shipping', start: 0.06, end: 0.06 },
  { op: 'checkout', start: 0.035, end: 0.035 },
  { op: 'currency', start: 0.055, end: 0.055 },
];

/** JVM services stop the world now and then: per minute, the chance of one pause and its length in ms. */
export const GC_PAUSE = { perMinute: 0.25, minMs: 120, maxMs: 450 } as const;

/** The node names a product following the OpenTelemetry semantic conventions should give the callees. */
export function dbNodeName(db: Database): string {
  const defaultPort = db.system === 'postgresql' ? 5432 : 6379;
  const port = db.port === defaultPort ? '' : `:${db.port}`;
  return `${db.system}://${db.address}${port}${db.namespace ? `/${db.namespace}` : ''}`;
}
