import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { badInput } from './errors.js';

/** "participants.1.basisRationale" → "Basis rationale" (the last name, in words). */
const fieldWords = (field: string) => {
  const words = (field.split('.').pop() ?? field).replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * The first failing constraint, with the dotted path of its field (`participants.1.basisRationale`)
 * and a message for people: class-validator's own sentence with the field's name in words
 * ("Basis rationale must be shorter than or equal to 2000 characters"). Its default sentences
 * name limits, never the value given; a sentence that would still hold the value (a custom one)
 * falls back to naming the rule, so an error never echoes what was sent.
 */
export function firstValidationMessage(
  errors: ValidationError[],
  path = '',
): { message: string; field: string } {
  for (const e of errors) {
    const field = path ? `${path}.${e.property}` : e.property;
    if (e.constraints) {
      const [rule, sentence] = Object.entries(e.constraints)[0]!;
      const value = typeof e.value === 'string' || typeof e.value === 'number' ? String(e.value) : '';
      const echoes = value.length > 0 && sentence.includes(value);
      if (!echoes && sentence.startsWith(`${e.property} `))
        return { message: `${fieldWords(field)}${sentence.slice(e.property.length)}`, field };
      return { message: `${field} is invalid (${rule})`, field };
    }
    if (e.children?.length) return firstValidationMessage(e.children, field);
  }
  return { message: 'Invalid input', field: path };
}

/**
 * The one input validation every subgraph uses: unknown input fields refused, values transformed,
 * failures as BAD_USER_INPUT naming the field — never echoing the value.
 */
export function subgraphValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const { message, field } = firstValidationMessage(errors);
      return badInput(message, field);
    },
  });
}
