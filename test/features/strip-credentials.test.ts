import { describe, expect, it } from 'vitest';
import { stripCredentials } from '../../src/features/strip-credentials.js';

describe('stripCredentials', () => {
  it.each([
    ['postgres://u:secretpw@db.prod:5432/orders', 'postgres://db.prod:5432/orders'],
    ['postgres://u:p@ss@db/orders', 'postgres://db/orders'],
    ['mongodb+srv://admin:hunter2@cluster0.example.net/shop', 'mongodb+srv://cluster0.example.net/shop'],
    ['u:p@api.stripe.com:8443', 'api.stripe.com:8443'],
    ['deploy@git.internal', 'git.internal'],
    ['redis://cache:6379/0?password=hunter2', 'redis://cache:6379/0'],
    ['db?sslmode=require&password=x&user=app', 'db?sslmode=require&user=app'],
    ['db?token=abc&sslmode=require', 'db?sslmode=require'],
    ['Server=sql1;Database=orders;User Id=app;Password=hunter2;', 'Server=sql1;Database=orders;User Id=app'],
    ['https://api.example.com/v1?api_key=k1#frag', 'https://api.example.com/v1#frag'],
  ])('%s → %s', (raw, want) => {
    expect(stripCredentials(raw)).toBe(want);
  });

  it('leaves names without credentials as they are', () => {
    for (const name of ['cart', 'payments.prod.svc:8080', 'postgresql://orders-db/orders', 'kafka:orders', 'q=1&page=2'])
      expect(stripCredentials(name)).toBe(name);
  });

  it('never lets the secret through', () => {
    for (const raw of ['postgres://u:secretpw@h/db', 'h?password=secretpw', 'a;pwd=secretpw', 'u:secretpw@h'])
      expect(stripCredentials(raw)).not.toContain('secretpw');
  });
});
