import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { badInput } from './errors.js';

/** The first failing constraint, with the dotted path of its field (`participants.1.basisRationale`). */
export function firstValidationMessage(
  errors: ValidationError[],
  path = '',
): { message: string; field: string } {
  for (const e of errors) {
    const field = path ? `${path}.${e.property}` : e.property;
    if (e.constraints)
      return { message: `${field} is invalid (${Object.keys(e.constraints).join(', ')})`, field };
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
