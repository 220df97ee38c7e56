/** `/aiops <subcommand>`: ack within the 3 s budget, then run the shared ops handler and edit the reply. */
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { parseChatCommand, type ChatCommand } from '../../../ops/chat-command-parse.js';
import { runChatCommand } from '../../../ops/chat-command-run.js';
import { helpBlocks, helpText } from '../../blocks/help.js';
import { esc } from '../../blocks/limits.js';
import { renderOutcome } from '../../blocks/outcome.js';
import { failure } from '../../progress.js';
import type { SlackRuntime } from '../../runtime.js';
import { readThread, type SlackClient } from '../../slack-io.js';
import { uploadChart } from '../../upload-png.js';

export function registerAiopsCommand(app: App, rt: SlackRuntime): void {
  app.command('/aiops', async ({ command, ack, respond, client }) => {
    const parsed = parseChatCommand(command.text);
    if (!parsed.ok || parsed.command.name === 'help') {
      const note = parsed.ok ? undefined : parsed.error;
      await ack({ response_type: 'ephemeral', text: helpText(note), blocks: helpBlocks(note) });
      return;
    }
    await ack({ response_type: 'ephemeral', text: `:hourglass_flowing_sand: Working on \`/aiops ${esc(command.text.trim())}\`…` });
    try {
      const cmd = parsed.command;
      if ((cmd.name === 'summary' || cmd.name === 'postmortem') && cmd.incidentId) return await postToIncidentThread(rt, client, respond, cmd, command);
      let last = 0;
      const onProgress = (partial: string) => {
        if (Date.now() - last < rt.progressIntervalMs) return;
        last = Date.now();
        void respond({ response_type: 'ephemeral', replace_original: true, text: partial.slice(0, 3000) }).catch(() => undefined);
      };
      const outcome = await runChatCommand(rt.deps, cmd, { user: command.user_id, onProgress });
      await respond({ response_type: 'ephemeral', replace_original: true, ...renderOutcome(outcome) });
      // A response_url cannot carry files, so the chart goes into the channel the command came from.
      await uploadChart(rt, client, outcome, { channel: command.channel_id });
    } catch (e) {
      await respond({ response_type: 'ephemeral', replace_original: true, ...failure(rt.deps.logger, `/aiops ${command.text.split(/\s+/)[0]}`, e) });
    }
  });
}

/** Slash commands carry no thread, so `summary ID` finds the incident's thread and answers there. */
async function postToIncidentThread(rt: SlackRuntime, client: SlackClient, respond: RespondFn, cmd: ChatCommand & { name: 'summary' | 'postmortem' }, command: SlashCommand): Promise<void> {
  const ref = await rt.threads.incident(cmd.incidentId!);
  const thread = ref ? await readThread(client, ref.channel, ref.ts) : [];
  const outcome = await runChatCommand(rt.deps, cmd, { user: command.user_id, thread });
  const message = renderOutcome(outcome);
  if (!ref || outcome.type === 'error') {
    await respond({ response_type: 'ephemeral', replace_original: true, ...message });
    return;
  }
  await client.chat.postMessage({ channel: ref.channel, thread_ts: ref.ts, ...message });
  await respond({ response_type: 'ephemeral', replace_original: true, text: `Posted the ${cmd.name} in the thread of ${cmd.incidentId}.` });
}
