export { combineVerdicts, isLevel, verdictFromListHit, type ListHit } from './combine';
export { judgePage, judgeUrl, pageFlags, type Judge, type PageFlags, type PageJudgement } from './judge';
