/** The running widget: its settings, stored state, DOM and what is on screen, passed to every part. */
import type { ApiCall } from './api.js';
import type { WidgetConfig } from './config.js';
import type { ContactState } from './contact.js';
import type { Strings } from './strings.js';
import type { WidgetState } from './storage.js';

/** The widget's fixed elements (built once by shell.ts). */
export interface Ui {
  host: HTMLDivElement;
  shadow: ShadowRoot;
  wrap: HTMLDivElement;
  launcher: HTMLButtonElement;
  unreadBadge: HTMLSpanElement;
  panel: HTMLDivElement;
  titleEl: HTMLHeadingElement;
  subtitleEl: HTMLParagraphElement;
  homeBtn: HTMLButtonElement;
  langBtn: HTMLButtonElement;
  closeBtn: HTMLButtonElement;
  home: HTMLDivElement;
  log: HTMLDivElement;
  live: HTMLDivElement;
  typing: HTMLDivElement;
  banner: HTMLDivElement;
  confirmBox: HTMLDivElement;
  personBtn: HTMLButtonElement;
  input: HTMLTextAreaElement;
  inputHint: HTMLSpanElement;
  sendBtn: HTMLButtonElement;
  attachBtn: HTMLButtonElement;
  fileInput: HTMLInputElement;
  form: HTMLFormElement;
}

export type View = 'home' | 'chat';

/** A message drawn in the log, or `true` for a user message sent from here and echoed by the stream. */
export type Rendered = HTMLElement | true;

/** A message sent from here that the event stream has not echoed yet. */
export interface PendingUser {
  text: string | null;
  action: string | null;
  /** A file being attached: echoed back with the server's own line for it. */
  file?: boolean;
}

/** A line of the downloadable transcript. */
export interface TranscriptLine {
  role: string;
  who: string;
  text: string;
  at: string;
}

/** Staff hours ("9-18") and their time zone, from data-hours/data-timezone and then the server. */
export interface StaffHours {
  hours: string;
  timeZone: string;
  /** The largest file the server takes (from /api/widget/info). */
  maxFileBytes?: number;
}

export interface Widget {
  cfg: WidgetConfig;
  state: WidgetState;
  save(): void;
  api: ApiCall;
  ui: Ui;
  /** A text in the widget's current language. */
  t<K extends keyof Strings>(key: K): Strings[K];
  /** Phone-sized screens, where the open panel fills the screen. */
  phone: MediaQueryList | { matches: boolean; addEventListener?: undefined };
  view: View;
  /** messageId → its element. */
  rendered: Record<string, Rendered>;
  pendingUser: PendingUser[];
  /** action id → the label of the button that sends it, from the choices shown. */
  choiceLabels: Record<string, string | null>;
  transcript: TranscriptLine[];
  /** messageIds already read out by the live region. */
  announced: Record<string, boolean>;
  /** The answer being written (reply.delta events), until the message itself arrives. */
  streaming: HTMLElement | null;
  /** A message is on its way: no other is sent meanwhile. */
  busy: boolean;
  source: EventSource | null;
  retryTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * The last event id seen. Each page load replays the conversation from its first event (that rebuilds the
   * transcript after a reload); reconnects within the page resume after it.
   */
  lastSeen: number;
  bannerTimer: ReturnType<typeof setTimeout> | undefined;
  contact: ContactState;
  info: StaffHours;
}

/** An element drawn for a message (not the `true` of an echoed one). */
export function isElement(r: Rendered | null | undefined): r is HTMLElement {
  return r != null && r !== true;
}
