/** The 11 S-DASH screening questions (public), in order. Answers are yes or no. */
export const SDASH_QUESTIONS = [
  'Is the victim very frightened?',
  'Is there previous domestic abuse or harassment history?',
  'Has the subject vandalised or destroyed property?',
  'Has the subject turned up unannounced more than 3 times a week?',
  'Has the subject followed the victim or loitered near them?',
  'Has the subject threatened physical or sexual violence?',
  'Has the subject been harassing any third party since the harassment began?',
  'Has the subject acted violently to anyone else during the stalking?',
  'Has the subject got others to help them?',
  'Has the subject had problems with drugs, alcohol or mental health in the past year?',
  'Has the subject ever been violent in the past?',
] as const;

/** The S-DASH score: how many questions were answered yes. */
export const sdashScore = (answers: readonly (boolean | null | undefined)[]) =>
  answers.filter((a) => a === true).length;
