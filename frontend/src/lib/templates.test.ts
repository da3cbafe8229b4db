import { describe, expect, it } from 'vitest';
import { renderTemplate, templateReady } from './templates';

describe('renderTemplate', () => {
  it('fills each numbered parameter, spaces inside braces allowed', () => {
    expect(renderTemplate('Hi {{1}}, order {{ 2 }} shipped. Thanks, {{1}}!', ['Ana', 'A-1'])).toBe(
      'Hi Ana, order A-1 shipped. Thanks, Ana!',
    );
  });
  it('leaves a parameter without a value as its placeholder', () => {
    expect(renderTemplate('Hi {{1}}, order {{2}}', ['Ana'])).toBe('Hi Ana, order {{2}}');
    expect(renderTemplate('Hi {{1}}', [''])).toBe('Hi {{1}}');
  });
});

describe('templateReady', () => {
  it('needs a non-blank value for every parameter', () => {
    expect(templateReady(0, [])).toBe(true);
    expect(templateReady(2, ['a', 'b'])).toBe(true);
    expect(templateReady(2, ['a', ' '])).toBe(false);
    expect(templateReady(2, ['a'])).toBe(false);
  });
});
