// Global test setup: starts the real servers the suites need (see test/helpers/README.md).
// The stores work adds PostgreSQL here.
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}
