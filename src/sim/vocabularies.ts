/**
 * Name vocabularies per business domain. The seed picks the domain and shuffles its words, so evaluators
 * meet service names they were not tuned on.
 */
export interface Vocabulary {
  domain: string;
  namespace: string;
  entries: readonly string[];
  services: readonly string[];
  /** gRPC package prefix for gRPC operations. */
  rpcPackage: string;
  externals: readonly (readonly [name: string, address: string])[];
}

export const VOCABULARIES: readonly Vocabulary[] = [
  {
    domain: 'e-commerce', namespace: 'shop', rpcPackage: 'shop',
    entries: ['web-frontend', 'api-gateway', 'mobile-bff', 'storefront', 'partner-api'],
    services: ['checkout', 'cart', 'catalog', 'orders', 'pricing', 'search', 'recommendations', 'user-profile',
      'shipping', 'promotions', 'inventory', 'payments', 'tax', 'currency', 'notifications', 'reviews',
      'media-assets', 'auth', 'fraud-check', 'loyalty', 'wishlist', 'returns', 'invoices', 'warehouse',
      'sessions', 'ads', 'gift-cards', 'store-locator'],
    externals: [['stripe-api', 'api.stripe.com'], ['paypal-api', 'api.paypal.com'], ['sendgrid', 'api.sendgrid.com'],
      ['avalara', 'rest.avatax.com'], ['algolia', 'search.algolia.net']],
  },
  {
    domain: 'fintech', namespace: 'bank', rpcPackage: 'bank',
    entries: ['edge-gateway', 'banking-web', 'mobile-api', 'open-banking-api'],
    services: ['accounts', 'ledger', 'transfers', 'cards', 'kyc', 'risk-engine', 'fx-rates', 'statements',
      'loans', 'credit-score', 'beneficiaries', 'limits', 'aml-screening', 'interest', 'fees', 'customer',
      'onboarding', 'disputes', 'savings', 'audit-trail', 'otp', 'clearing', 'settlement', 'portfolio',
      'tokenization', 'alerts'],
    externals: [['plaid-api', 'production.plaid.com'], ['visa-network', 'sandbox.api.visa.com'],
      ['twilio', 'api.twilio.com'], ['experian', 'api.experian.com'], ['swift-gpi', 'api.swift.com']],
  },
  {
    domain: 'media', namespace: 'stream', rpcPackage: 'media',
    entries: ['tv-frontend', 'player-api', 'web-portal', 'graphql-gateway'],
    services: ['playback', 'catalogue', 'entitlements', 'subscriptions', 'watch-history', 'transcoder-jobs',
      'manifest', 'drm-license', 'profiles', 'personalization', 'artwork', 'subtitles', 'billing',
      'continue-watching', 'trending', 'ratings', 'parental-controls', 'ad-decisioning', 'live-schedule',
      'downloads', 'device-registry', 'search-index', 'chat', 'clips'],
    externals: [['akamai-cdn', 'api.ccu.akamai.com'], ['widevine', 'license.widevine.com'],
      ['braintree', 'api.braintreegateway.com'], ['segment', 'api.segment.io']],
  },
  {
    domain: 'logistics', namespace: 'fleet', rpcPackage: 'logistics',
    entries: ['shipper-portal', 'driver-app-api', 'tracking-web', 'edi-gateway'],
    services: ['shipments', 'routing', 'dispatch', 'tracking', 'rates', 'carriers', 'labels', 'customs',
      'warehouse-slots', 'proof-of-delivery', 'eta-predictor', 'geocoder', 'fleet', 'drivers', 'invoicing',
      'claims', 'pickups', 'manifests', 'hazmat-check', 'capacity', 'telematics', 'returns-hub', 'zones'],
    externals: [['google-maps', 'maps.googleapis.com'], ['fedex-api', 'apis.fedex.com'], ['ups-api', 'onlinetools.ups.com'],
      ['here-routing', 'router.hereapi.com']],
  },
  {
    domain: 'travel', namespace: 'trips', rpcPackage: 'travel',
    entries: ['booking-web', 'booking-api', 'agent-console', 'affiliate-gateway'],
    services: ['availability', 'reservations', 'fares', 'itineraries', 'hotels', 'flights', 'car-rental',
      'seat-map', 'ancillaries', 'traveler-profile', 'payments-hub', 'vouchers', 'loyalty-miles', 'reviews-hub',
      'cancellations', 'check-in', 'boarding-pass', 'pricing-engine', 'inventory-cache', 'geo', 'insurance',
      'notifier', 'rebooking'],
    externals: [['amadeus-api', 'api.amadeus.com'], ['sabre-api', 'api.sabre.com'], ['adyen', 'checkout.adyen.com'],
      ['mailgun', 'api.mailgun.net']],
  },
  {
    domain: 'healthcare', namespace: 'care', rpcPackage: 'care',
    entries: ['patient-portal', 'clinician-web', 'fhir-gateway'],
    services: ['appointments', 'patients', 'scheduling', 'prescriptions', 'lab-results', 'imaging', 'claims-engine',
      'eligibility', 'providers', 'encounters', 'consent', 'messaging', 'billing-care', 'referrals', 'vitals',
      'care-plans', 'telehealth', 'pharmacy', 'allergies', 'documents', 'identity', 'audit-log'],
    externals: [['surescripts', 'api.surescripts.net'], ['availity', 'api.availity.com'], ['twilio-video', 'video.twilio.com'],
      ['docusign', 'na4.docusign.net']],
  },
];

/** Suffixes that make more names once a vocabulary's words run out (large topologies). */
export const NAME_SUFFIXES = ['worker', 'sync', 'query', 'events', 'indexer', 'adapter', 'cache', 'scheduler', 'reader',
  'writer', 'exporter', 'bridge'] as const;

export const RESOURCES_BY_DB: Record<string, readonly string[]> = {
  postgresql: ['SELECT', 'INSERT', 'UPDATE'],
  mysql: ['SELECT', 'INSERT', 'UPDATE'],
  redis: ['GET', 'SET', 'HGETALL', 'MGET'],
  mongodb: ['find', 'insert', 'update', 'aggregate'],
};
