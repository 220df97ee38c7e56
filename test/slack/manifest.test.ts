/** manifest.yml agrees with what the app listens to, and asks for no scope it does not use. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8'));

describe('manifest.yml', () => {
  it('declares the bot user, /aiops, the two events, interactivity and one URL for all of them', () => {
    expect(manifest.features.bot_user.display_name).toBe('aiops');
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/aiops']);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_mention', 'message.im']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    const urls = new Set([manifest.features.slash_commands[0].url, manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url]);
    expect([...urls]).toHaveLength(1);
    expect([...urls][0]).toMatch(/^https:\/\/.+\/slack\/events$/);
    expect(typeof manifest.settings.socket_mode_enabled).toBe('boolean');
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  });

  it('asks for exactly the bot scopes the features use', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['app_mentions:read', 'channels:history', 'chat:write', 'commands', 'files:write', 'groups:history', 'im:history', 'usergroups:read']);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
  });
});
