data "terraform_remote_state" "queue" {
  backend = "s3"
  config = {
    bucket = "example-state"
    key    = "shop/queue.tfstate"
    region = "eu-west-1"
  }
}

data "terraform_remote_state" "worker" {
  backend = "local"
  config = {
    path = "../worker/terraform.tfstate"
  }
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  runtime       = "python3.12"
  handler       = "app.handler"
  environment {
    variables = {
      ORDERS_QUEUE_URL = data.terraform_remote_state.queue.outputs.queue_url
      REPORTS_URL      = data.terraform_remote_state.worker.outputs.reports_url
    }
  }
}
