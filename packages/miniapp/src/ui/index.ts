/** The mini-program's UI kit (DESIGN §6): one folder per component, tokens in tokens.css. */
export { Card, type CardProps } from './Card';
export { ErrorNotice, toastProblem, problemWords, PROBLEM_WORDS, type ErrorNoticeProps } from './errors';
export { Fact, type FactProps } from './Fact';
export { Field, FieldHint, type FieldProps } from './Field';
export { Money, type MoneyProps } from './Money';
export { MoreLine, moreWords, type MoreLineProps } from './MoreLine';
export { NoteBox, ReasonBox, type NoteBoxProps } from './NoteBox';
export { Notice, type NoticeProps, type NoticeTone } from './Notice';
export { PhotoPicker, PHOTO_RULES, type AttachedPhoto, type PhotoPickerProps } from './PhotoPicker';
export { Photos, PhotoRow, type PhotosProps } from './Photos';
export { photoUrl } from './photo-url';
export { EmptyView, ErrorView, LoadingView } from './StateView';
export { StatusTag, ProductStatusTag, PRODUCT_STATUS_NAMES, PRODUCT_STATUS_WORDS, type StatusTagProps } from './StatusTag';
export { Stepper } from './Stepper';
export { Tag, type TagProps, type TagTone } from './Tag';
export { Thumb, type ThumbProps, type ThumbSize } from './Thumb';
export { Timeline, type TimelineProps, type TimelineStep } from './Timeline';
export { scrollRegion, tappable } from './tappable';
