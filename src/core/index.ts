export * from './telemetry.js';
export * from './features.js';
export * from './incidents.js';
export * from './errors.js';
export * from './ports.js';
export * from './actions.js';
export * from './tool.js';
export * from './inbound.js';
