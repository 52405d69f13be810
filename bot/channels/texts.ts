// What the channels themselves say (the core says everything else). Vietnamese, NFC.

export const TEXT_ONLY =
  'Hiện tôi chỉ đọc được tin nhắn chữ. Bạn vui lòng gõ câu hỏi bằng chữ, ví dụ: "nộp hồ sơ trực tuyến thế nào".';

export const EDITED_IGNORED = 'Tôi không đọc lại tin nhắn đã sửa. Bạn vui lòng gửi câu hỏi thành một tin nhắn mới nhé.';

export const RATE_LIMITED = 'Bạn gửi hơi nhanh, vui lòng chờ khoảng một phút rồi hỏi tiếp nhé.';

export const PHOTO_UNAVAILABLE = '(Biểu đồ chưa gửi được qua kênh này.)';

export const MAYBE_REPEAT =
  '(Hệ thống vừa khởi động lại đúng lúc đang gửi câu trả lời cho tin nhắn này. Nếu bạn đã nhận được rồi, xin bỏ qua tin dưới đây.)';
