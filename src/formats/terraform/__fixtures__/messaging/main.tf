resource "aws_sns_topic" "order_events" {
  name = "order-events"
}

resource "aws_sqs_queue" "billing" {
  name = "billing"
}

resource "aws_sqs_queue" "shipping" {
  name = "shipping"
}

resource "aws_sns_topic_subscription" "billing" {
  topic_arn = aws_sns_topic.order_events.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.billing.arn
}

resource "aws_sns_topic_subscription" "shipping" {
  topic_arn = aws_sns_topic.order_events.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.shipping.arn
}

resource "aws_sns_topic_subscription" "audit" {
  topic_arn = aws_sns_topic.order_events.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.audit.arn
}

resource "aws_lambda_function" "billing" {
  function_name = "billing"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
}

resource "aws_lambda_function" "audit" {
  function_name = "audit"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
}

resource "aws_lambda_event_source_mapping" "billing" {
  event_source_arn = aws_sqs_queue.billing.arn
  function_name    = aws_lambda_function.billing.arn
  batch_size       = 10
}
