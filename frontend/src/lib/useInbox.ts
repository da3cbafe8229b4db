// State of the inbox page: the filtered conversation list and the open thread,
// both loaded over HTTP and kept current by the page's inbox subscription.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ConversationsQuery, ConversationThreadQuery } from '../operations';
import { api } from './api';
import { ApiError } from './errors';
import { hasField } from './node';
import {
  fresherConversation,
  mergeConversations,
  mergeMessages,
  type Conversation,
  type InboxFilter,
  type Message,
} from './inbox';

const PAGE_SIZE = 50;

interface ListState {
  items: Conversation[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  cursor: string | null;
  /** Pages loaded since the last reset; a resync of page one leaves later pages' cursor alone. */
  pages: number;
}

const emptyList: ListState = { items: [], loading: true, error: null, hasMore: false, cursor: null, pages: 0 };

export interface ConversationList extends ListState {
  loadMore: () => void;
  /** Re-reads the first page and merges it (after a reconnect: events may have been missed). */
  resync: () => void;
  /** Merges a conversation from a live event. */
  apply: (c: Conversation) => void;
}

export function useConversationList(filter: InboxFilter): ConversationList {
  const [state, setState] = useState<ListState>(emptyList);
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const generation = useRef(0);
  const cursorRef = useRef<string | null>(null);
  cursorRef.current = state.cursor;

  const load = useCallback(async (mode: 'reset' | 'more' | 'resync') => {
    if (mode === 'reset') generation.current++;
    const gen = generation.current;
    const f = filterRef.current;
    const after = mode === 'more' ? cursorRef.current : null;
    setState((s) => (mode === 'reset' ? { ...emptyList } : { ...s, loading: true, error: null }));
    try {
      const data = await api.request(ConversationsQuery, {
        first: PAGE_SIZE,
        after,
        status: f.status,
        kind: f.kind,
        unreadOnly: f.unreadOnly,
        assigneeId: f.assigneeId,
      });
      if (gen !== generation.current) return;
      const page = data.conversations;
      const nodes = page.edges.map((e) => e.node);
      setState((s) => {
        // Live events that arrived while this page was on its way are already in s.items;
        // merging keeps whichever state of each conversation is fresher.
        const items = mergeConversations(s.items, nodes, f);
        const ownsCursor = mode !== 'resync' || s.pages <= 1;
        return {
          items,
          loading: false,
          error: null,
          hasMore: ownsCursor ? page.pageInfo.hasNextPage : s.hasMore,
          cursor: ownsCursor ? (page.pageInfo.endCursor ?? null) : s.cursor,
          pages: mode === 'more' ? s.pages + 1 : Math.max(s.pages, 1),
        };
      });
    } catch (error) {
      if (gen === generation.current) setState((s) => ({ ...s, loading: false, error }));
    }
  }, []);

  useEffect(() => {
    void load('reset');
  }, [load, filter.status, filter.kind, filter.unreadOnly, filter.assigneeId]);

  const apply = useCallback((c: Conversation) => {
    setState((s) => ({ ...s, items: mergeConversations(s.items, [c], filterRef.current) }));
  }, []);

  return {
    ...state,
    loadMore: () => void load('more'),
    resync: () => void load('resync'),
    apply,
  };
}

interface ThreadState {
  id: string | null;
  conversation: Conversation | null;
  messages: Message[];
  loading: boolean;
  error: unknown;
  notFound: boolean;
  hasMore: boolean;
  cursor: string | null;
}

const emptyThread = (id: string | null): ThreadState => ({
  id,
  conversation: null,
  messages: [],
  loading: id !== null,
  error: null,
  notFound: false,
  hasMore: false,
  cursor: null,
});

export interface Thread extends ThreadState {
  loadEarlier: () => void;
  resync: () => void;
  /** Merges a live event's conversation and message, when they belong to this thread. */
  apply: (c: Conversation, m: Message | null) => void;
  /** Adds a message this page sent in conversation `conversationId`. */
  added: (conversationId: string, m: Message) => void;
}

export function useThread(id: string | null): Thread {
  const [state, setState] = useState<ThreadState>(() => emptyThread(id));
  const idRef = useRef(id);
  idRef.current = id;
  const cursorRef = useRef<string | null>(null);
  cursorRef.current = state.cursor;

  const load = useCallback(async (mode: 'reset' | 'earlier' | 'resync') => {
    const want = idRef.current;
    if (mode === 'reset') setState(emptyThread(want));
    if (!want) return;
    if (mode !== 'reset') setState((s) => (s.id === want ? { ...s, loading: true, error: null } : s));
    try {
      const data = await api.request(ConversationThreadQuery, {
        id: want,
        first: PAGE_SIZE,
        after: mode === 'earlier' ? cursorRef.current : null,
      });
      const node = hasField(data.node, 'messages') ? data.node : null;
      setState((s) => {
        if (s.id !== want) return s;
        if (!node) return { ...s, loading: false, notFound: true };
        const { messages: page, ...conversation } = node;
        const messages = mergeMessages(
          s.messages,
          page.edges.map((e) => e.node),
        );
        const ownsCursor = mode !== 'resync' || s.cursor === null || !s.hasMore;
        return {
          ...s,
          conversation: s.conversation ? fresherConversation(s.conversation, conversation) : conversation,
          messages,
          loading: false,
          error: null,
          notFound: false,
          hasMore: ownsCursor ? page.pageInfo.hasNextPage : s.hasMore,
          cursor: ownsCursor ? (page.pageInfo.endCursor ?? null) : s.cursor,
        };
      });
    } catch (error) {
      // A malformed or foreign id in the URL is "not found", like a missing one.
      const missing = error instanceof ApiError && (error.code === 'NOT_FOUND' || error.code === 'BAD_USER_INPUT') && mode === 'reset';
      setState((s) => (s.id === want ? { ...s, loading: false, error: missing ? null : error, notFound: missing || s.notFound } : s));
    }
  }, []);

  useEffect(() => {
    void load('reset');
  }, [load, id]);

  const apply = useCallback((c: Conversation, m: Message | null) => {
    setState((s) => {
      if (s.id !== c.id || s.notFound) return s;
      return {
        ...s,
        conversation: s.conversation ? fresherConversation(s.conversation, c) : c,
        messages: m ? mergeMessages(s.messages, [m]) : s.messages,
      };
    });
  }, []);

  const added = useCallback((conversationId: string, m: Message) => {
    setState((s) => (s.id === conversationId ? { ...s, messages: mergeMessages(s.messages, [m]) } : s));
  }, []);

  return {
    ...state,
    loadEarlier: () => void load('earlier'),
    resync: () => void load('resync'),
    apply,
    added,
  };
}

/**
 * The time now, updated every `everyMs` (not at all while it is null, e.g. with
 * no live timer on screen) and once at `alsoAt` (e.g. when a reply window closes).
 */
export function useNow(everyMs: number | null, alsoAt?: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (everyMs === null) return;
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  useEffect(() => {
    if (!alsoAt) return;
    const wait = alsoAt - Date.now();
    if (wait <= 0 || wait > 2 ** 31 - 1) return;
    const t = setTimeout(() => setNow(Date.now()), wait + 50);
    return () => clearTimeout(t);
  }, [alsoAt]);
  return now;
}
