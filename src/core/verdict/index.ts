export { combineVerdicts, isLevel, verdictFromListHit, type ListHit } from './combine';
export { judgePage, judgeUrl, type Judge, type PageJudgement } from './judge';
