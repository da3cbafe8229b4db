import { describe, expect, it } from 'vitest';
import { connectionInitPayload, graphqlWebSocketURL } from './ws';

describe('graphqlWebSocketURL', () => {
  it('follows the page scheme and host', () => {
    expect(graphqlWebSocketURL({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/graphql');
    expect(graphqlWebSocketURL({ protocol: 'https:', host: 'app.example.com' })).toBe('wss://app.example.com/graphql');
  });
});

describe('connectionInitPayload', () => {
  it('carries the bearer token, or nothing when signed out', () => {
    expect(connectionInitPayload('tok')).toEqual({ Authorization: 'Bearer tok' });
    expect(connectionInitPayload(null)).toEqual({});
  });
});
